using System.Text.Json.Serialization;

namespace ObjectStore.Bench;

/// <summary>
/// What one store workload cost the database, so that a missed target names its limit from numbers: how many
/// transactions the server committed for its operations (for writes, the group-commit batch the database saw), how many
/// statements each transaction ran and where the server's time went, how many round trips each operation took, and the
/// batch sizes the store itself reported.
/// </summary>
/// <param name="Commits">
/// The store database's <c>xact_commit</c> delta, the probe's own transactions taken out. It counts statements sent
/// outside a transaction too (the reset Npgsql sends when a pooled connection is reused, single reads).
/// </param>
/// <param name="ExplicitCommits">
/// The transactions the store opened: its transactions of writes as its own meter counts them (<c>objectstore.commit.duration</c>),
/// or, in a workload that commits no writes, the COMMIT statements pg_stat_statements counted (null without it). The
/// store's writes commit with a prepared COMMIT, which pg_stat_statements does not count.
/// </param>
/// <param name="OperationsPerExplicitCommit">For writes, the batch each store transaction carried.</param>
/// <param name="Statements">Statement executions pg_stat_statements counted (BEGIN and COMMIT included); null without it.</param>
/// <param name="StatementMillisecondsPerOperation">The server's execution time of all statements, per operation.</param>
/// <param name="RoundTripsPerOperation">Npgsql executions, plus COMMITs where pg_stat_statements counted them, per operation.</param>
/// <param name="ProcessorMillisecondsPerOperation">CPU of the process hosting the silo and the workload, per operation.</param>
/// <param name="WritesPerBatch">Mean objects per partition transaction, from the store's meter; null when none ran.</param>
/// <param name="Gathers">Batches that waited for writes to queue again after a commit, from the store's meter.</param>
/// <param name="GatherTimeouts">Those whose wait ran out (<c>Writes:GatherDelay</c>) before as many writes queued.</param>
/// <param name="CommitMilliseconds">
/// The mean time of the store's transactions of writes, from start to the commit's return (<c>objectstore.commit.duration</c>).
/// </param>
/// <param name="InCommit">
/// Their times summed over the phase's wall clock: the share of it during which the silo waited for the database. Where one
/// transaction runs at a time (a silo's committer), what remains is the silo's own work between them.
/// </param>
/// <param name="TopStatements">The <see cref="TopCount"/> statements with the most total execution time.</param>
public sealed record Diagnosis(
    [property: JsonPropertyName("operations")] int Operations,
    [property: JsonPropertyName("commits")] long Commits,
    [property: JsonPropertyName("operations_per_commit")] double? OperationsPerCommit,
    [property: JsonPropertyName("explicit_commits")] long? ExplicitCommits,
    [property: JsonPropertyName("operations_per_explicit_commit")] double? OperationsPerExplicitCommit,
    [property: JsonPropertyName("statements")] long? Statements,
    [property: JsonPropertyName("statements_per_commit")] double? StatementsPerCommit,
    [property: JsonPropertyName("statement_ms_per_operation")] double? StatementMillisecondsPerOperation,
    [property: JsonPropertyName("round_trips_per_operation")] double RoundTripsPerOperation,
    [property: JsonPropertyName("process_cpu_ms_per_operation")] double? ProcessorMillisecondsPerOperation,
    [property: JsonPropertyName("batches")] long Batches,
    [property: JsonPropertyName("writes_per_batch")] double? WritesPerBatch,
    [property: JsonPropertyName("largest_batch")] long LargestBatch,
    [property: JsonPropertyName("gathers")] long Gathers,
    [property: JsonPropertyName("gather_timeouts")] long GatherTimeouts,
    [property: JsonPropertyName("commit_ms")] double? CommitMilliseconds,
    [property: JsonPropertyName("in_commit")] double? InCommit,
    [property: JsonPropertyName("top_statements")] IReadOnlyList<StatementCost>? TopStatements)
{
    public const int TopCount = 8;

    /// <param name="statements">Every statement pg_stat_statements counted in the store's database; null where it is not loaded.</param>
    /// <param name="elapsed">The phase's wall clock.</param>
    public static Diagnosis Of(int operations, long commits, IReadOnlyList<StatementCost>? statements, ClientCounts client, TimeSpan elapsed)
    {
        static double? Per(double amount, double count) => count > 0 ? amount / count : null;

        var executions = statements?.Sum(statement => statement.Calls);
        var commitStatements = statements?.Where(statement => statement.IsCommit).Sum(statement => statement.Calls);
        var explicitCommits = client.Commits > 0 ? client.Commits : commitStatements;
        return new Diagnosis(
            operations,
            commits,
            Per(operations, commits),
            explicitCommits,
            explicitCommits is { } transactions ? Per(operations, transactions) : null,
            executions,
            executions is { } count ? Per(count, commits) : null,
            statements is null ? null : Per(statements.Sum(statement => statement.TotalMilliseconds), operations),
            Per(client.Executions + (commitStatements ?? 0), operations) ?? 0,
            Per(client.ProcessorTime.TotalMilliseconds, operations),
            client.Batches,
            Per(client.BatchedWrites, client.Batches),
            client.LargestBatch,
            client.Gathers,
            client.GatherTimeouts,
            Per(client.CommitTime.TotalMilliseconds, client.Commits),
            Per(client.CommitTime.TotalMilliseconds, elapsed.TotalMilliseconds),
            statements?.OrderByDescending(statement => statement.TotalMilliseconds).Take(TopCount).ToList());
    }
}
