using Microsoft.Extensions.Configuration;

namespace ObjectStore.Cli;

/// <summary>
/// The silo settings the tool reads, as the silo reads them: the development silo's <c>appsettings.Development.json</c>
/// shipped beside the tool, then environment variables (<c>Authentication__SigningKey</c>), then settings given as
/// arguments (<c>--Authentication:SigningKey=...</c>).
/// </summary>
internal static class Settings
{
    public static IConfiguration Load(CliEnvironment environment, IReadOnlyList<string> arguments) =>
        new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(environment.SettingsFolder, "appsettings.Development.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine([.. arguments])
            .Build();

    /// <summary>The claim that names the caller in a token, as the silo reads it.</summary>
    public static string UserIdClaim(IConfiguration settings) => settings["Authentication:UserIdClaim"] ?? "sub";
}
