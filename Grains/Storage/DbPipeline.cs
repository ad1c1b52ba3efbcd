using System.Data.Common;

namespace ObjectStore.Storage;

/// <summary>
/// Runs several statements of a transaction in one round trip where the driver can (Npgsql's <see cref="DbBatch"/>),
/// one after another where it cannot (SQLite, which runs in the process and has no round trip to save).
/// </summary>
internal static class DbPipeline
{
    /// <summary>Statements that return rows, each row handed to its statement's reader; in order, one round trip.</summary>
    public static async Task QueryAsync(this DbConnection connection, DbTransaction transaction, IReadOnlyList<DbStatement> statements, CancellationToken cancellationToken)
    {
        if (!connection.CanCreateBatch)
        {
            foreach (var statement in statements)
            {
                await using var command = connection.Sql(transaction, statement.Sql, [.. statement.Parameters]);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                await ReadRowsAsync(reader, statement, cancellationToken);
            }

            return;
        }

        await using var batch = CreateBatch(connection, transaction, statements);
        await using var results = await batch.ExecuteReaderAsync(cancellationToken);
        for (var index = 0; index < statements.Count; index++)
        {
            if (index > 0 && !await results.NextResultAsync(cancellationToken))
            {
                throw new InvalidOperationException($"The batch answered {index} result sets for {statements.Count} queries.");
            }

            await ReadRowsAsync(results, statements[index], cancellationToken);
        }
    }

    /// <summary>Statements that change rows; in order, one round trip.</summary>
    public static async Task ExecuteAsync(this DbConnection connection, DbTransaction transaction, IReadOnlyList<DbStatement> statements, CancellationToken cancellationToken)
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
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task ReadRowsAsync(DbDataReader reader, DbStatement statement, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken))
        {
            statement.ReadRow!(reader);
        }
    }

    private static DbBatch CreateBatch(DbConnection connection, DbTransaction transaction, IReadOnlyList<DbStatement> statements)
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
                parameter.ParameterName = name;
                parameter.Value = DbCommands.ToDbValue(value);
                command.Parameters.Add(parameter);
            }

            batch.BatchCommands.Add(command);
        }

        return batch;
    }
}
