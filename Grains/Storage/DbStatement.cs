using System.Data.Common;

namespace ObjectStore.Storage;

/// <summary>One statement of a <see cref="DbPipeline"/>, and what to do with each row it returns (a query's).</summary>
internal sealed record DbStatement(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters, Action<DbDataReader>? ReadRow = null)
{
    /// <summary>
    /// Whether the statement's text is one of a few the store sends again and again (its rows in arrays, not in its text),
    /// so that the server may keep it prepared on each session, parsed and planned once rather than once per batch, where
    /// the connection prepares (<see cref="DbPipeline.ExecuteAsync(System.Data.Common.DbConnection, System.Data.Common.DbTransaction?, IReadOnlyList{DbStatement}, bool, CancellationToken)"/>).
    /// </summary>
    public bool Preparable { get; init; }
}
