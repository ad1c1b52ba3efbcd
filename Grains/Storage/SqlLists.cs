namespace ObjectStore.Storage;

/// <summary>Parameter lists for set-based statements: <c>IN (@a0, @a1)</c> and multi-row <c>VALUES</c>.</summary>
internal sealed class SqlLists
{
    private readonly List<(string Name, object? Value)> _parameters = [];

    public IReadOnlyList<(string Name, object? Value)> Parameters => _parameters;

    /// <summary>A parameter for one value: its name, to write in the SQL.</summary>
    public string Add(object? value)
    {
        var name = $"@v{_parameters.Count}";
        _parameters.Add((name, value));
        return name;
    }

    /// <summary><c>@v0, @v1, ...</c>: the inside of an IN list.</summary>
    public string In<T>(IEnumerable<T> values) => string.Join(", ", values.Select(value => Add(value)));

    /// <summary><c>(@v0, @v1), (@v2, @v3)</c>: the rows of a multi-row VALUES.</summary>
    public string Rows(IEnumerable<object?[]> rows) => string.Join(", ", rows.Select(row => $"({In(row)})"));

    /// <summary>Statements over <paramref name="items"/> in chunks small enough for the drivers' parameter limits.</summary>
    public static IEnumerable<DbStatement> Chunked<T>(IReadOnlyCollection<T> items, int chunk, Func<IEnumerable<T>, SqlLists, string> sql) =>
        items.Chunk(chunk).Select(part =>
        {
            var lists = new SqlLists();
            return new DbStatement(sql(part, lists), lists.Parameters);
        });
}
