using ObjectStore.Objects;

namespace ObjectStore.Silo.Canon;

/// <summary>Canon's PlainText, the body of <c>GET /version</c>.</summary>
public static class PlainTextWriter
{
    public static byte[] Write(string text) => CanonWriter.TypedDocument(CanonTypes.PlainText, writer => writer.String("text", text));
}
