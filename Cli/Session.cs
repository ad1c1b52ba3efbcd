using System.CommandLine;
using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using ObjectStore.Cli.Http;
using ObjectStore.Tokens;

namespace ObjectStore.Cli;

/// <summary>One command's run: its output, its settings, and the store it calls (connected on first use).</summary>
internal sealed class Session(CliEnvironment environment, GlobalOptions options, ParseResult parse) : IDisposable
{
    private StoreClient? _store;
    private IConfiguration? _settings;

    public CliEnvironment Environment => environment;

    public bool Json => parse.GetValue(options.Json);

    public Uri BaseUrl
    {
        get
        {
            var text = parse.GetValue(options.Url) ?? environment.Variable("OBJECTSTORE_URL") ?? GlobalOptions.DefaultUrl;
            if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                throw new UsageException($"'{text}' is not an http or https URL (--url, OBJECTSTORE_URL).");
            }

            return url;
        }
    }

    public string? Token => parse.GetValue(options.Token) ?? environment.Variable("OBJECTSTORE_TOKEN");

    public IConfiguration Settings => _settings ??= Cli.Settings.Load(environment, parse.UnmatchedTokens);

    public StoreClient Store => _store ??= Connect(Token);

    /// <summary>The user the token names: the owner of what the caller creates, and whose partitions a bare name means.</summary>
    public long Caller =>
        (Token is { } token ? BearerTokens.UserIdOf(token, Cli.Settings.UserIdClaim(Settings)) : null)
        ?? throw new UsageException(Token is null
            ? "No token: give --token or set OBJECTSTORE_TOKEN (a development silo's: objectstore token <user-id>)."
            : $"The token names no user id in its '{Cli.Settings.UserIdClaim(Settings)}' claim.");

    /// <summary>A client of the same store with another token: an import writes each version as its owner.</summary>
    public StoreClient Connect(string? token)
    {
        var http = new HttpClient { BaseAddress = BaseUrl };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return new StoreClient(http);
    }

    public void Dispose() => _store?.Dispose();
}
