using System.Diagnostics.CodeAnalysis;
using ObjectStore.Objects;

namespace ObjectStore.Tests.Store;

/// <summary>Compares stored objects by value, bytes included.</summary>
internal sealed class StoredObjectComparer : IEqualityComparer<StoredObject>
{
    public static readonly StoredObjectComparer Instance = new();

    public bool Equals(StoredObject? x, StoredObject? y) =>
        x is not null && y is not null && x with { Canonical = [] } == y with { Canonical = [] } && x.Canonical.AsSpan().SequenceEqual(y.Canonical);

    public int GetHashCode([DisallowNull] StoredObject obj) => obj.AbsoluteHash.GetHashCode();
}
