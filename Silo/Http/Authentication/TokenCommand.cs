using System.CommandLine;
using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

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

    public static string Issue(JwtOptions options, long userId, TimeSpan lifetime, TimeProvider clock)
    {
        if (userId <= 0)
        {
            throw new ArgumentException($"The user id must be a positive 64-bit integer, was {userId}.", nameof(userId));
        }

        if (lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentException($"The lifetime must be positive, was {lifetime}.", nameof(lifetime));
        }

        var key = JwtKeys.SymmetricKey(options)
            ?? throw new ArgumentException($"Tokens are signed with {JwtOptions.SectionName}:SigningKey, which is not set; tokens for public keys come from whoever holds the private keys.");
        var now = clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = string.IsNullOrWhiteSpace(options.Issuer) ? null : options.Issuer,
            Audience = options.Audience,
            Subject = new ClaimsIdentity([new Claim(options.UserIdClaim, userId.ToString(CultureInfo.InvariantCulture))]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }
}
