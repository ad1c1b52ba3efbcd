namespace ObjectStore.Storage;

/// <summary>
/// Parameter lists for set-based statements: <c>IN (@v0, @v1)</c> and multi-row <c>VALUES</c>. A statement whose every
/// parameter comes from one list (<see cref="Chunked"/>) numbers them instead, <c>$1, $2</c>: PostgreSQL's own
/// placeholders, which Npgsql sends as written, where names make it parse the statement and look each one up (a batch's
/// statements carry hundreds). SQLite reads <c>$1</c> as a parameter's name.
/// </summary>
internal sealed class SqlLists(bool positional = false)
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

    /// <summary>Statements over <paramref name="items"/> in chunks small enough for the drivers' parameter limits.</summary>
    public static IEnumerable<DbStatement> Chunked<T>(IReadOnlyCollection<T> items, int chunk, Func<IEnumerable<T>, SqlLists, string> sql) =>
        items.Chunk(chunk).Select(part =>
        {
            var lists = new SqlLists(positional: true);
            return new DbStatement(sql(part, lists), lists.Parameters);
        });
}
