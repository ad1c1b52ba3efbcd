namespace ObjectStore.Tests.Condensation;

/// <summary>The labels of an account's three boxes, as they appear in paths and modify bodies.</summary>
public static class Boxes
{
    public const string Messages = "messages";
    public const string Private = "private";
    public const string Public = "public";

    public static IReadOnlyList<string> All { get; } = [Messages, Private, Public];
}
