using System.CommandLine;

namespace ObjectStore.Cli;

/// <summary>The options every command takes: where the store is, who calls it, and how to print.</summary>
internal sealed class GlobalOptions
{
    public const string DefaultUrl = "http://localhost:5080";

    public Option<string?> Url { get; } = new("--url")
    {
        Description = $"The store's base URL; default $OBJECTSTORE_URL, else {DefaultUrl}.",
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "The bearer token to call with; default $OBJECTSTORE_TOKEN (see 'objectstore token').",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print JSON for scripts (one document, or one object per line for lists) instead of tables.",
        Recursive = true,
    };

    public void AddTo(Command root)
    {
        root.Options.Add(Url);
        root.Options.Add(Token);
        root.Options.Add(Json);
    }
}
