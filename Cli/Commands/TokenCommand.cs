using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using ObjectStore.Tokens;

namespace ObjectStore.Cli.Commands;

/// <summary>
/// <c>objectstore token &lt;user-id&gt;</c>: a bearer token signed with the development key from settings, as the silo's
/// own <c>token</c> command signs it (one implementation, <see cref="BearerTokens"/>).
/// </summary>
internal static class TokenCommand
{
    public static Command Create(CommandRunner runner)
    {
        var userId = new Argument<long>("user-id") { Description = "The user the token is for (its Authentication:UserIdClaim claim, 'sub' by default)." };
        var lifetime = new Option<TimeSpan?>("--lifetime") { Description = "How long the token is valid; default Authentication:TokenLifetime (01:00:00)." };
        var command = new Command("token", "Print a bearer token signed with Authentication:SigningKey: the development silo's key unless settings (Authentication__SigningKey, --Authentication:SigningKey=...) name another.")
        {
            userId,
            lifetime,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        runner.Set(command, async (session, parse, _) =>
        {
            var signing = Signing(session.Settings);
            var duration = parse.GetValue(lifetime)
                ?? (TimeSpan.TryParse(session.Settings["Authentication:TokenLifetime"], CultureInfo.InvariantCulture, out var configured) ? configured : TimeSpan.FromHours(1));
            await session.Environment.Out.WriteLineAsync(Mint(signing, parse.GetValue(userId), duration, session.Environment.Clock));
        });
        return command;
    }

    /// <summary>The signing settings, as the silo's <c>Authentication</c> section names them.</summary>
    public static TokenSigning Signing(IConfiguration settings)
    {
        var key = settings["Authentication:SigningKey"];
        byte[]? bytes = null;
        if (key is not null)
        {
            bytes = new byte[key.Length];
            bytes = Convert.TryFromBase64String(key, bytes, out var written) ? bytes[..written] : throw new UsageException("Authentication:SigningKey is not Base64.");
        }

        return new TokenSigning(bytes, settings["Authentication:Issuer"], settings["Authentication:Audience"], Settings.UserIdClaim(settings));
    }

    /// <summary>A token, or a usage error saying which setting is missing or which value is wrong.</summary>
    public static string Mint(TokenSigning signing, long userId, TimeSpan lifetime, TimeProvider clock)
    {
        try
        {
            return BearerTokens.Issue(signing, userId, lifetime, clock);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"No token: {e.Message}");
        }
    }
}
