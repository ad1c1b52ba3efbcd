using ObjectStore.Objects;

namespace ObjectStore.Cli.Transfer;

/// <summary>A version in an export: where it was in its partition's log, and its canonical bytes, which hash to its absolute hash.</summary>
internal sealed record ExportedVersion(Hash PartitionHash, long Sequence, Hash AbsoluteHash, long? Owner, byte[] Canonical);
