using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;

namespace ObjectStore.Cli.Commands;

/// <summary>
/// The options that fill an object's fields, for <c>put</c> and <c>update</c>. The payload goes into
/// <c>encryptedPayload</c> as Base64 of the bytes given: the store keeps it as it is, so encrypting is the caller's.
/// </summary>
internal sealed class ObjectFields
{
    public Option<string?> SortKey { get; } = new("--sort-key") { Description = "The sort key, unique among the partition's current objects." };

    public Option<string?> Payload { get; } = new("--payload") { Description = "The payload, as text (its UTF-8 bytes)." };

    public Option<FileInfo?> File { get; } = new("--file") { Description = "The payload, the bytes of a file." };

    public Option<string?> Header { get; } = new("--header") { Description = "The header: a JSON object, stored unencrypted." };

    public Option<string?> Thread { get; } = new("--thread") { Description = "The thread id (Base64)." };

    public Option<DateTimeOffset?> PurgeDate { get; } = new("--purge-date") { Description = "When the store removes the object (an ISO-8601 time)." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { SortKey, Payload, File, Header, Thread, PurgeDate })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Sets on <paramref name="target"/> the fields given, the creation time, and the caller as owner of the version.</summary>
    public async Task FillAsync(JsonObject target, Session session, ParseResult parse, CancellationToken cancellationToken)
    {
        target["_version"] = "1.0";
        target["hashType"] = 1;
        target["owner"] = session.Caller;
        target["createdDate"] = Instant(session.Environment.Clock.GetUtcNow());
        if (parse.GetValue(SortKey) is { } sortKey)
        {
            target["sortKey"] = sortKey;
        }

        if (await PayloadAsync(parse, cancellationToken) is { } payload)
        {
            target["encryptedPayload"] = Convert.ToBase64String(payload);
        }

        if (parse.GetValue(Header) is { } header)
        {
            target["header"] = ParseHeader(header);
        }

        if (parse.GetValue(Thread) is { } thread)
        {
            target["threadId"] = thread;
        }

        if (parse.GetValue(PurgeDate) is { } purgeDate)
        {
            target["purgeDate"] = Instant(purgeDate);
        }
    }

    /// <summary>An instant as the store reads and Canon writes it: UTC, milliseconds, Z.</summary>
    public static string Instant(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private async Task<byte[]?> PayloadAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var text = parse.GetValue(Payload);
        var file = parse.GetValue(File);
        if (text is not null && file is not null)
        {
            throw new UsageException("Give the payload as --payload or --file, not both.");
        }

        if (file is null)
        {
            return text is null ? null : System.Text.Encoding.UTF8.GetBytes(text);
        }

        return file.Exists ? await System.IO.File.ReadAllBytesAsync(file.FullName, cancellationToken) : throw new UsageException($"--file: there is no file '{file.FullName}'.");
    }

    private static JsonObject ParseHeader(string header)
    {
        try
        {
            return JsonNode.Parse(header) as JsonObject ?? throw new UsageException("--header must be a JSON object.");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new UsageException($"--header is not JSON: {e.Message}");
        }
    }
}
