using System.Data.Common;

namespace ObjectStore.Storage;

/// <summary>One statement of a <see cref="DbPipeline"/>, and what to do with each row it returns (a query's).</summary>
internal sealed record DbStatement(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters, Action<DbDataReader>? ReadRow = null);
