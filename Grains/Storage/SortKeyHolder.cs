using ObjectStore.Objects;

namespace ObjectStore.Storage;

/// <summary>The current object that holds a <see cref="SortKeySlot"/>: a row of <c>os_current</c>.</summary>
internal sealed record SortKeyHolder(Hash BaseHash, Hash AbsoluteHash);
