using System.Data.Common;

namespace ObjectStore.Storage;

/// <summary>
/// Runs several statements of a transaction in one round trip where the driver can (Npgsql's <see cref="DbBatch"/>),
/// one after another where it cannot (SQLite, which runs in the process and has no round trip to save).
/// </summary>
internal static class DbPipeline
{
    /// <summary>
    /// Statements that return rows, each row handed to its statement's reader, and statements that return none (no
    /// reader: BEGIN, say); in order, one round trip.
    /// </summary>
    public static async Task QueryAsync(this DbConnection connection, DbTransaction? transaction, IReadOnlyList<DbStatement> statements, CancellationToken cancellationToken)
    {
        if (!connection.CanCreateBatch)
        {
            foreach (var statement in statements)
            {
                await using var command = connection.Sql(transaction, statement.Sql, [.. statement.Parameters]);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                if (statement.ReadRow is not null)
                {
                    await ReadRowsAsync(reader, statement, cancellationToken);
                }
            }

            return;
        }

        // Npgsql's reader passes over the statements that return no rows: only queries have a result set to step to.
        var queries = statements.Where(statement => statement.ReadRow is not null).ToList();
        await using var batch = CreateBatch(connection, transaction, statements);
        await using var results = await batch.ExecuteReaderAsync(cancellationToken);
        for (var index = 0; index < queries.Count; index++)
        {
            if (index > 0 && !await results.NextResultAsync(cancellationToken))
            {
                throw new InvalidOperationException($"The batch answered {index} result sets for {queries.Count} queries.");
            }

            await ReadRowsAsync(results, queries[index], cancellationToken);
        }
    }

    /// <summary>Statements that change rows; in order, one round trip.</summary>
    /// <param name="prepare">
    /// Whether to prepare the batch when each of its statements is <see cref="DbStatement.Preparable"/>: not on a multiplexed
    /// Npgsql connection, which does not prepare.
    /// </param>
    public static async Task ExecuteAsync(this DbConnection connection, DbTransaction? transaction, IReadOnlyList<DbStatement> statements, bool prepare, CancellationToken cancellationToken)
    {
        if (statements.Count == 0)
        {
            return;
        }

        if (!connection.CanCreateBatch)
        {
            foreach (var statement in statements)
            {
                await connection.ExecuteAsync(transaction, statement.Sql, cancellationToken, [.. statement.Parameters]);
            }

            return;
        }

        await using var batch = CreateBatch(connection, transaction, statements);
        if (prepare && statements.All(statement => statement.Preparable))
        {
            // Npgsql keeps a session's prepared statements when the session goes back to the pool: a text prepared before on
            // this session costs nothing here, a new one a Parse the server keeps (see DbStatement.Preparable).
            await batch.PrepareAsync(cancellationToken);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task ReadRowsAsync(DbDataReader reader, DbStatement statement, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken))
        {
            statement.ReadRow!(reader);
        }
    }

    private static DbBatch CreateBatch(DbConnection connection, DbTransaction? transaction, IReadOnlyList<DbStatement> statements)
    {
        var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        foreach (var statement in statements)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = statement.Sql;
            foreach (var (name, value) in statement.Parameters)
            {
                var parameter = command.CreateParameter();
                if (!SqlLists.IsPositional(name))
                {
                    parameter.ParameterName = name;
                }

                parameter.Value = DbCommands.ToDbValue(value);
                command.Parameters.Add(parameter);
            }

            batch.BatchCommands.Add(command);
        }

        return batch;
    }
}
