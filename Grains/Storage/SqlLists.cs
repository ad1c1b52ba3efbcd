namespace ObjectStore.Storage;

/// <summary>
/// Parameter lists for set-based statements: <c>IN (@v0, @v1)</c> and multi-row <c>VALUES</c>. A statement whose every
/// parameter comes from one list (<see cref="Chunked"/>) numbers them instead, <c>$1, $2</c>: PostgreSQL's own
/// placeholders, which Npgsql sends as written, where names make it parse the statement and look each one up (a batch's
/// statements carry hundreds). SQLite reads <c>$1</c> as a parameter's name.
/// <para>
/// Where the database takes arrays (<paramref name="arrays"/>: PostgreSQL), <see cref="Table{T}"/> sends a set of rows as
/// one array per column instead of a VALUES row per row: the statement's text is then the same for any number of rows, so
/// the server keeps one prepared statement for it rather than parsing and planning a new text for each batch's size.
/// </para>
/// </summary>
internal sealed class SqlLists(bool positional = false, bool arrays = false)
{
    private readonly List<(string Name, object? Value)> _parameters = [];

    public IReadOnlyList<(string Name, object? Value)> Parameters => _parameters;

    /// <summary>A parameter for one value: its name, to write in the SQL.</summary>
    public string Add(object? value)
    {
        var name = positional ? $"${_parameters.Count + 1}" : $"@v{_parameters.Count}";
        _parameters.Add((name, value));
        return name;
    }

    /// <summary>Whether <paramref name="name"/> is a number (<c>$1</c>), which a driver that knows PostgreSQL's placeholders binds by position.</summary>
    public static bool IsPositional(string name) => name.StartsWith('$');

    /// <summary><c>@v0, @v1, ...</c>: the inside of an IN list.</summary>
    public string In<T>(IEnumerable<T> values) => string.Join(", ", values.Select(value => Add(value)));

    /// <summary><c>(@v0, @v1), (@v2, @v3)</c>: the rows of a multi-row VALUES.</summary>
    public string Rows(IEnumerable<object?[]> rows) => string.Join(", ", rows.Select(row => $"({In(row)})"));

    /// <summary>
    /// <paramref name="rows"/> as a table named <paramref name="alias"/> whose columns are <c>column1</c>, <c>column2</c> …,
    /// for a FROM clause: <c>(VALUES ($1, $2), ($3, $4)) AS v</c>, or where the database takes arrays,
    /// <c>unnest($1::bytea[], $2::int8[]) AS v (column1, column2)</c>.
    /// </summary>
    public string Table<T>(IEnumerable<T> rows, string alias, params SetColumn<T>[] columns)
    {
        if (!arrays)
        {
            return $"(VALUES {Rows(rows.Select(row => columns.Select(column => column.Value(row)).ToArray()))}) AS {alias}";
        }

        var all = rows.ToList();
        var unnested = string.Join(", ", columns.Select(column => $"{Add(ArrayOf(column.Type, all.Select(column.Value)))}::{column.Type}[]"));
        return $"unnest({unnested}) AS {alias} ({string.Join(", ", columns.Select((_, index) => $"column{index + 1}"))})";
    }

    /// <summary>
    /// Statements over <paramref name="items"/> in chunks small enough for the drivers' parameter limits. With
    /// <paramref name="arrays"/>, statements whose rows come from <see cref="Table{T}"/> alone are the same text for any
    /// chunk, and are marked to be prepared.
    /// </summary>
    public static IEnumerable<DbStatement> Chunked<T>(IReadOnlyCollection<T> items, int chunk, Func<IEnumerable<T>, SqlLists, string> sql, bool arrays = false) =>
        items.Chunk(chunk).Select(part =>
        {
            var lists = new SqlLists(positional: true, arrays);
            return new DbStatement(sql(part, lists), lists.Parameters) { Preparable = arrays };
        });

    /// <summary>A typed array of one column's values, as Npgsql writes it for the <paramref name="type"/> the statement casts it to.</summary>
    private static Array ArrayOf(string type, IEnumerable<object?> values) => type switch
    {
        "bytea" => values.Select(value => DbCommands.ToDbValue(value) as byte[]).ToArray(),
        "text" => values.Select(value => (string?)value).ToArray(),
        "int2" => values.Select(value => (short)value!).ToArray(),
        "int8" => values.Select(value => (long?)value).ToArray(),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "No array of this type is sent."),
    };
}
