using System.Data.Common;
using ObjectStore.Condensation;
using ObjectStore.Objects;

namespace ObjectStore.Storage;

/// <summary>Small helpers that keep the SQL of the storage readable.</summary>
internal static class DbCommands
{
    public static DbCommand Sql(this DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = ToDbValue(value);
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>A parameter's value as the drivers take it: hashes as their bytes, null as <see cref="DBNull"/>.</summary>
    public static object ToDbValue(object? value) => value switch
    {
        null => DBNull.Value,
        Hash hash => hash.ToBytes(),
        CondensationHash hash => hash.ToBytes(),
        BoxLabel box => (short)box,
        _ => value,
    };

    public static async Task<int> ExecuteAsync(this DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.Sql(transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<List<T>> QueryAsync<T>(this DbConnection connection, DbTransaction? transaction, string sql, Func<DbDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.Sql(transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    public static Hash GetHash(this DbDataReader reader, int ordinal) => Hash.FromBytes(reader.GetFieldValue<byte[]>(ordinal));

    public static CondensationHash GetCondensationHash(this DbDataReader reader, int ordinal) =>
        CondensationHash.FromBytes(reader.GetFieldValue<byte[]>(ordinal));

    /// <summary>The columns <see cref="ReadObject"/> expects, from table alias <c>o</c>.</summary>
    public const string ObjectColumns = "o.absolute_hash, o.base_hash, o.partition_hash, o.sort_key, o.kind, o.sequence, o.body";

    public static StoredObject ReadObject(this DbDataReader reader, int first = 0) => new(
        reader.GetHash(first),
        reader.GetHash(first + 1),
        reader.GetHash(first + 2),
        reader.GetString(first + 3),
        (ObjectKind)reader.GetInt16(first + 4),
        reader.GetInt64(first + 5),
        reader.GetFieldValue<byte[]>(first + 6));

    /// <summary>The columns <see cref="ReadLogEntry"/> expects, from os_log <c>l</c> left-joined to os_objects <c>o</c>.</summary>
    public const string LogColumns = "l.sequence, l.absolute_hash, l.base_hash, l.sort_key, l.kind, l.previous_sort_key, l.tombstone, " + ObjectColumns;

    /// <summary>A log entry with its version: the stored one, or the tombstone a physical delete left in the log.</summary>
    public static LogEntry ReadLogEntry(this DbDataReader reader, Hash partitionHash, int first = 0)
    {
        var (sequence, absoluteHash, baseHash, sortKey, kind) = (reader.GetInt64(first), reader.GetHash(first + 1), reader.GetHash(first + 2),
            reader.GetString(first + 3), (ObjectKind)reader.GetInt16(first + 4));
        var previousSortKey = reader.IsDBNull(first + 5) ? null : reader.GetString(first + 5);
        var version = !reader.IsDBNull(first + 7) ? reader.ReadObject(first + 7)
            : !reader.IsDBNull(first + 6) ? new StoredObject(absoluteHash, baseHash, partitionHash, sortKey, kind, sequence, reader.GetFieldValue<byte[]>(first + 6))
            : null;
        return new LogEntry(sequence, absoluteHash, baseHash, sortKey, kind, version, previousSortKey);
    }
}
