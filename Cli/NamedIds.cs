using System.Globalization;
using ObjectStore.Objects;
using ObjectStore.Partitions;

namespace ObjectStore.Cli;

/// <summary>
/// Partitions and feeds named on the command line: by hash (either Base64 alphabet), as <c>NAME@USER</c>, or by a bare
/// name of the caller's; a name becomes the hash of its NamedUserIdObject, as the store computes it.
/// </summary>
internal static class NamedIds
{
    public static Hash Resolve(string text, Session session, string what)
    {
        var at = text.LastIndexOf('@');
        if (at > 0 && long.TryParse(text[(at + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var user) && user > 0)
        {
            return PartitionIds.HashOf(new PartitionId(text[..at], user), what);
        }

        return Hash.TryParse(text, out var hash) ? hash : PartitionIds.HashOf(new PartitionId(text, session.Caller), what);
    }

    /// <summary>A hash given on the command line, or a usage error that names the argument.</summary>
    public static Hash ParseHash(string text, string argument) =>
        Hash.TryParse(text, out var hash)
            ? hash
            : throw new UsageException($"{argument} '{text}' is not a hash: Base64 of {Hash.ByteLength} bytes (a SHA-256 digest, then 1 twice).");
}
