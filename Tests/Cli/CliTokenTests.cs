using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ObjectStore.Cli;
using Spectre.Console.Testing;

namespace ObjectStore.Tests.Cli;

/// <summary>
/// <c>objectstore token</c> with the settings the tool ships: the development silo's own file, so that a token it prints
/// is one <c>dotnet run --project Silo</c> accepts.
/// </summary>
[Kind(TestKind.Unit)]
public sealed class CliTokenTests
{
    [Fact]
    public async Task The_token_is_signed_with_the_development_silos_key_and_issuer_and_names_the_user()
    {
        var console = new TestConsole();
        using var error = new StringWriter();
        var environment = new CliEnvironment { Console = console, Error = error, Variable = _ => null, SettingsFolder = AppContext.BaseDirectory };

        var exitCode = await CliApp.RunAsync(["token", "351775001412007", "--lifetime", "00:05:00"], environment);

        Assert.True(exitCode == 0, error.ToString());
        var development = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "appsettings.Development.json")))!["Authentication"]!;
        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(console.Output.Trim(), new TokenValidationParameters
        {
            ValidIssuer = development["Issuer"]!.GetValue<string>(),
            ValidateAudience = false,
            IssuerSigningKey = new SymmetricSecurityKey(Convert.FromBase64String(development["SigningKey"]!.GetValue<string>())),
        });
        Assert.True(validation.IsValid, validation.Exception?.Message);
        Assert.Equal("351775001412007", validation.Claims["sub"]);
        var token = (JsonWebToken)validation.SecurityToken;
        Assert.Equal(TimeSpan.FromMinutes(5), token.ValidTo - token.IssuedAt);
    }
}
