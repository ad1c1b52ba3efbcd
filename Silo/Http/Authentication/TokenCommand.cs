using System.CommandLine;
using Microsoft.Extensions.Options;
using ObjectStore.Tokens;

namespace ObjectStore.Silo.Http.Authentication;

/// <summary>
/// <c>ObjectStore.Silo token &lt;user-id&gt;</c>: prints a bearer token for a user, signed with the configured symmetric
/// key, so that a development silo (or a test) can be called without an identity provider.
/// </summary>
public static class TokenCommand
{
    public static Command Create()
    {
        var userId = new Argument<long>("user-id") { Description = "The user id the token is for (its Authentication:UserIdClaim claim, 'sub' by default)." };
        var lifetime = new Option<TimeSpan?>("--lifetime") { Description = "How long the token is valid; default Authentication:TokenLifetime (01:00:00)." };
        var command = new Command("token", "Prints a bearer token for a user, signed with Authentication:SigningKey. Settings as for the silo (--Authentication:SigningKey=...).")
        {
            userId,
            lifetime,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parse =>
        {
            var settings = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [.. parse.UnmatchedTokens] }).Configuration;
            using var services = new ServiceCollection().AddSingleton<IConfiguration>(settings).AddJwtOptions().BuildServiceProvider();
            try
            {
                var options = services.GetRequiredService<IOptions<JwtOptions>>().Value;
                parse.InvocationConfiguration.Output.WriteLine(Issue(options, parse.GetValue(userId), parse.GetValue(lifetime) ?? options.TokenLifetime, TimeProvider.System));
                return 0;
            }
            catch (Exception e) when (e is OptionsValidationException or InvalidOperationException or ArgumentException)
            {
                parse.InvocationConfiguration.Error.WriteLine($"No token: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>A token for <paramref name="userId"/> signed with the options' symmetric key, by the minting the command-line tool shares.</summary>
    public static string Issue(JwtOptions options, long userId, TimeSpan lifetime, TimeProvider clock) =>
        BearerTokens.Issue(new TokenSigning(JwtKeys.SymmetricKeyBytes(options), options.Issuer, options.Audience, options.UserIdClaim), userId, lifetime, clock);
}
