using System.Buffers.Text;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using ObjectStore.Errors;

namespace ObjectStore.Objects;

/// <summary>
/// Turns the UTF-8 JSON of a StoredApplicationObject or DeletedApplicationObject (or a transaction's array of them) into
/// <see cref="PreparedWrite"/>s: checks every field the store relies on, keeps every other field (unknown header types
/// included) as sent, and computes the absolute hash from the canonical form.
/// </summary>
/// <param name="maxObjectBytes">The largest object, in bytes of canonical JSON.</param>
/// <param name="largeBodyParses">
/// Admits the parses of bodies over <see cref="LargeBodyBytes"/>; by default half the cores' worth at a time.
/// </param>
public sealed partial class ObjectParser(int maxObjectBytes, SemaphoreSlim? largeBodyParses = null)
{
    public const int MaxSortKeyLength = 1024;

    /// <summary>Bodies up to this size parse in well under a millisecond, and are parsed at once by the caller.</summary>
    public const int LargeBodyBytes = 64 * 1024;

    private readonly SemaphoreSlim _largeBodyParses = largeBodyParses ?? new(Math.Max(1, Environment.ProcessorCount / 2));

    private static readonly char[] ForbiddenSortKeyCharacters = ['#', '/', '&', '$', '+', ',', ';', '='];

    /// <summary>Canonical indentation can grow a compact body, so the guard on what is sent is looser than the canonical limit.</summary>
    private long MaxSentBytes => 4L * maxObjectBytes;

    /// <summary>
    /// Every value an object keeps is at least two canonical bytes (itself and its line end), so an object within the
    /// size limit has at most half as many; more can only be null members, which are dropped but still cost parsing.
    /// </summary>
    private int MaxValues => maxObjectBytes / 2;

    /// <summary>
    /// <see cref="Parse"/>, but a large body waits its turn and is parsed on the thread pool: whatever many large bodies
    /// arrive, they keep at most half the cores, and a caller awaiting one (the entry grain, which is reentrant) goes on
    /// serving small writes meanwhile.
    /// </summary>
    public Task<PreparedWrite> ParseAsync(ReadOnlyMemory<byte> utf8Json) =>
        ParseInTurnAsync(utf8Json, () => Parse(utf8Json));

    /// <summary><see cref="ParseTransaction"/>, with a large body parsed in turn as <see cref="ParseAsync"/> does.</summary>
    public Task<IReadOnlyList<PreparedWrite>> ParseTransactionAsync(ReadOnlyMemory<byte> utf8Json, int maxObjects) =>
        ParseInTurnAsync(utf8Json, () => ParseTransaction(utf8Json, maxObjects));

    private async Task<T> ParseInTurnAsync<T>(ReadOnlyMemory<byte> utf8Json, Func<T> parse)
    {
        if (utf8Json.Length <= LargeBodyBytes)
        {
            return parse();
        }

        await _largeBodyParses.WaitAsync();
        try
        {
            return await Task.Run(parse);
        }
        finally
        {
            _largeBodyParses.Release();
        }
    }

    public PreparedWrite Parse(ReadOnlyMemory<byte> utf8Json)
    {
        if (utf8Json.Length > MaxSentBytes)
        {
            throw TooLarge(utf8Json.Length);
        }

        using var document = CanonicalJson.Parse(utf8Json, new JsonBudget(MaxValues, maxObjectBytes, MaxObjects: 1, ObjectDepth: 0));
        return Read(document.RootElement);
    }

    /// <summary>
    /// A transaction: a JSON array of 1 to <paramref name="maxObjects"/> objects, parsed once as a whole, each object
    /// checked as <see cref="Parse"/> checks one.
    /// </summary>
    public IReadOnlyList<PreparedWrite> ParseTransaction(ReadOnlyMemory<byte> utf8Json, int maxObjects)
    {
        if (utf8Json.Length > maxObjects * MaxSentBytes)
        {
            throw new TooLargeException($"The transaction is {utf8Json.Length} bytes; {maxObjects} objects of at most {MaxSentBytes} bytes each are {maxObjects * MaxSentBytes}.");
        }

        using var document = CanonicalJson.Parse(utf8Json, new JsonBudget(MaxValues, maxObjectBytes, maxObjects, ObjectDepth: 1));
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidInputException("A transaction is a JSON array of StoredApplicationObject or DeletedApplicationObject.");
        }

        // More than maxObjects were refused while parsing.
        if (root.GetArrayLength() == 0)
        {
            throw new InvalidInputException($"A transaction holds 1 to {maxObjects} objects, was 0.");
        }

        return [.. root.EnumerateArray().Select(item =>
        {
            var sent = JsonMarshal.GetRawUtf8Value(item).Length;
            return sent > MaxSentBytes ? throw TooLarge(sent) : Read(item);
        })];
    }

    private PreparedWrite Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidInputException("An object must be a JSON object.");
        }

        var type = OptionalString(root, "_type") ?? throw new InvalidInputException("'_type' is required.");
        var kind = type switch
        {
            CanonTypes.StoredApplicationObject => ObjectKind.Stored,
            CanonTypes.DeletedApplicationObject => DeletionKind(root),
            _ => throw new InvalidInputException($"'_type' must be {CanonTypes.StoredApplicationObject} or {CanonTypes.DeletedApplicationObject}, was '{type}'."),
        };

        var hashType = OptionalInteger(root, "hashType");
        if (hashType is not null and not Hash.Sha256TypeId)
        {
            throw new InvalidInputException($"'hashType' must be {Hash.Sha256TypeId} (SHA-256), was {hashType}.");
        }

        var partitionHash = OptionalHash(root, "partitionHash") ?? throw new InvalidInputException("'partitionHash' is required.");
        var sortKey = ValidateSortKey(OptionalString(root, "sortKey"), "sortKey")!;
        var baseHash = OptionalHash(root, "baseHash");
        var prevHash = OptionalHash(root, "prevHash");
        var prevSortKey = OptionalString(root, "prevSortKey");
        if (prevSortKey is not null)
        {
            ValidateSortKey(prevSortKey, "prevSortKey");
        }

        if (baseHash is null != prevHash is null)
        {
            throw new InvalidInputException("'baseHash' and 'prevHash' go together: both for a new version, neither for a first version.");
        }

        if (baseHash is null && kind != ObjectKind.Stored)
        {
            throw new InvalidInputException("A delete needs the 'baseHash' and 'prevHash' of the object it deletes.");
        }

        var owner = OptionalInteger(root, "owner");
        var threadId = OptionalString(root, "threadId");
        OptionalBase64(root, "threadId");
        OptionalBase64(root, "encryptedPayload");
        var createdKey = OptionalInstant(root, "createdDate") is null ? null : Sequences.SequenceInstant.KeyOfValidated(OptionalString(root, "createdDate")!);
        var purgeDate = OptionalInstant(root, "purgeDate");
        OptionalInteger(root, "rotationId");
        OptionalString(root, "cipherSuiteId");
        if (root.TryGetProperty("header", out var header) && header.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            throw new InvalidInputException("'header' must be a JSON object.");
        }

        var canonical = CanonicalJson.Serialize(root, maxObjectBytes);
        return new PreparedWrite(kind, CanonicalJson.HashOf(canonical), partitionHash, sortKey, baseHash, prevHash,
            prevSortKey, owner, threadId, purgeDate, canonical, createdKey);
    }

    /// <summary>Checks a sort key: not empty, not longer than <see cref="MaxSortKeyLength"/>, none of <c># / &amp; $ + , ; =</c>.</summary>
    public static string? ValidateSortKey(string? sortKey, string field)
    {
        if (string.IsNullOrEmpty(sortKey))
        {
            throw new InvalidInputException($"'{field}' is required and must not be empty.");
        }

        if (sortKey.Length > MaxSortKeyLength)
        {
            throw new InvalidInputException($"'{field}' is longer than {MaxSortKeyLength} characters.");
        }

        var at = sortKey.IndexOfAny(ForbiddenSortKeyCharacters);
        if (at >= 0)
        {
            throw new InvalidInputException($"'{field}' must not contain '{sortKey[at]}' (none of # / & $ + , ; = are allowed).");
        }

        TextChecks.RejectControlCharacters(sortKey, field);
        return sortKey;
    }

    private TooLargeException TooLarge(long size) =>
        new($"The object is {size} bytes; the maximum is {maxObjectBytes} bytes of canonical JSON.");

    private static ObjectKind DeletionKind(JsonElement root) => OptionalString(root, "deletionType") switch
    {
        "LOGICAL" => ObjectKind.LogicalDelete,
        "PHYSICAL" => ObjectKind.PhysicalDelete,
        null => throw new InvalidInputException("'deletionType' is required for a DeletedApplicationObject."),
        var other => throw new InvalidInputException($"'deletionType' must be LOGICAL or PHYSICAL, was '{other}'."),
    };

    private static bool TryGetValue(JsonElement root, string name, out JsonElement value) =>
        root.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    private static string? OptionalString(JsonElement root, string name)
    {
        if (!TryGetValue(root, name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new InvalidInputException($"'{name}' must be a string.");
    }

    private static long? OptionalInteger(JsonElement root, string name)
    {
        if (!TryGetValue(root, name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : throw new InvalidInputException($"'{name}' must be a 64-bit integer.");
    }

    /// <summary>
    /// Hashes in a body must be in their one standard spelling (padded standard Base64): the body is hashed as
    /// written, so a second spelling would give the same object a second absolute hash.
    /// </summary>
    private static Hash? OptionalHash(JsonElement root, string name)
    {
        if (OptionalString(root, name) is not { } text)
        {
            return null;
        }

        var hash = Hash.Parse(text, name);
        return hash.Value == text
            ? hash
            : throw new InvalidInputException($"'{name}' must be written in standard Base64 with padding, as {hash.Value}.");
    }

    private static void OptionalBase64(JsonElement root, string name)
    {
        if (!TryGetValue(root, name, out var value))
        {
            return;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw new InvalidInputException($"'{name}' must be a string.");
        }

        // A payload sent without escapes is checked in its UTF-8 bytes, without a copy; Base64 has no character to escape.
        // Base64.IsValid also refuses unused trailing bits that are not zero ("AR=="), which Convert accepts and the store
        // always has: such a text is checked as before, so that what was stored once can be sent again.
        var raw = JsonMarshal.GetRawUtf8Value(value)[1..^1];
        var valid = raw.Contains((byte)'\\') ? Base64.IsValid(value.GetString()) : Base64.IsValid(raw);
        if (!valid && !ConvertAccepts(value.GetString()!))
        {
            throw new InvalidInputException($"'{name}' must be Base64.");
        }
    }

    private static bool ConvertAccepts(string text) => Convert.TryFromBase64String(text, new byte[text.Length], out _);

    private static DateTimeOffset? OptionalInstant(JsonElement root, string name)
    {
        if (OptionalString(root, name) is not { } text)
        {
            return null;
        }

        var match = InstantPattern().Match(text);
        if (!match.Success)
        {
            throw new InvalidInputException($"'{name}' must be an ISO-8601 instant in UTC, such as 2020-06-09T10:38:59.629Z.");
        }

        // Java instants carry up to nine fraction digits; .NET keeps seven, which is finer than any purge needs.
        var fraction = match.Groups["fraction"].Value;
        var normalized = match.Groups["seconds"].Value + (fraction.Length > 0 ? "." + fraction[..Math.Min(7, fraction.Length)] : "") + "Z";
        return DateTimeOffset.TryParseExact(normalized, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"],
                CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            ? instant
            : throw new InvalidInputException($"'{name}' is not a valid date and time: '{text}'.");
    }

    [GeneratedRegex(@"^(?<seconds>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.(?<fraction>\d{1,9}))?Z$")]
    private static partial Regex InstantPattern();
}
