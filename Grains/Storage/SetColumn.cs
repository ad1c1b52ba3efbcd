namespace ObjectStore.Storage;

/// <summary>
/// A column of the rows a set-based statement takes (<see cref="SqlLists.Table{T}"/>): its PostgreSQL type, which an array of
/// its values is cast to, and its value in a row.
/// </summary>
internal sealed record SetColumn<T>(string Type, Func<T, object?> Value);
