using System.Text.Json.Nodes;
using ObjectStore.Objects;

namespace ObjectStore.Cli.Transfer;

/// <summary>A partition in an export: its ID object (a NamedUserIdObject, whose user owns it) and its users' permissions.</summary>
internal sealed record ExportedPartition(Hash PartitionHash, JsonObject Id, IReadOnlyDictionary<long, SortedSet<string>> Users)
{
    public long Owner => Id["userId"]!.GetValue<long>();
}
