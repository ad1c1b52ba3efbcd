using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using ObjectStore.Hosting;

namespace ObjectStore.Silo.Http.Authentication;

/// <summary>
/// JWT bearer authentication: the user id claim (<see cref="JwtOptions.UserIdClaim"/>) of a valid token is the caller's
/// user id. A request that fails authentication is answered 401 with a problem that says why (missing, expired, bad
/// signature, unknown key, wrong issuer, no user id), never repeating the token.
/// </summary>
public static class JwtAuthentication
{
    /// <summary>The <c>Authentication</c> settings, checked when the host starts.</summary>
    public static IServiceCollection AddJwtOptions(this IServiceCollection services)
    {
        services.AddValidatedOptions<JwtOptions, JwtOptionsValidator>(JwtOptions.SectionName);
        return services;
    }

    public static IServiceCollection AddObjectStoreAuthentication(this IServiceCollection services)
    {
        services.AddJwtOptions();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<JwtOptions>>((bearer, jwt) =>
        {
            var options = jwt.Value;
            bearer.MapInboundClaims = false;
            bearer.ConfigurationManager = PublishedKeys.Create(options);
            bearer.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateIssuer = options.ValidateIssuer,
                ValidIssuer = options.Issuer,
                ValidateAudience = options.Audience is not null,
                ValidAudience = options.Audience,
                IssuerSigningKeys = JwtKeys.ValidationKeys(options),
                IssuerSigningKeyResolverUsingConfiguration = SigningKeySelector.Select,
                // What SigningKeySelector chose is final: trying every key would accept a token that names another key's id.
                TryAllIssuerSigningKeys = false,
                RequireExpirationTime = true,
                ClockSkew = options.ClockSkew,
                NameClaimType = options.UserIdClaim,
            };
            bearer.Events = new JwtBearerEvents
            {
                OnTokenValidated = context =>
                {
                    if (UserIdOf(context.Principal) is null)
                    {
                        context.Fail($"The token's '{options.UserIdClaim}' claim must be the user id: a positive 64-bit integer, as a number or a string of digits.");
                    }

                    return Task.CompletedTask;
                },
                OnChallenge = WriteChallengeAsync,
            };
        });
        services.AddAuthorization();
        return services;
    }

    /// <summary>The authenticated caller's user id; only endpoints that require authorization may ask.</summary>
    public static long CallerId(this HttpContext context) =>
        UserIdOf(context.User) ?? throw new InvalidOperationException("The endpoint does not require an authenticated caller.");

    /// <summary>The caller's user id when the request carries a valid token, on any endpoint; null otherwise.</summary>
    public static long? AuthenticatedUserId(this HttpContext context) => UserIdOf(context.User);

    /// <summary>The one user id claim of a validated token (its identity's name claim, <see cref="JwtOptions.UserIdClaim"/>).</summary>
    private static long? UserIdOf(ClaimsPrincipal? principal) =>
        principal?.Identity is ClaimsIdentity identity
        && identity.FindAll(identity.NameClaimType).ToList() is [var claim]
        && long.TryParse(claim.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var userId) && userId > 0
            ? userId
            : null;

    private static async Task WriteChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        // The handler leaves the description empty for failures it does not classify (a malformed token, a bad user id).
        var detail = TokenFailureDetails.Of(context.AuthenticateFailure)
            ?? (!string.IsNullOrEmpty(context.ErrorDescription) ? context.ErrorDescription
            : context.AuthenticateFailure?.Message)
            ?? "A bearer token is required: send 'Authorization: Bearer <token>'.";
        var challenge = context.Error is null ? "Bearer" : $"Bearer error=\"{context.Error}\"";
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = challenge;
        var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails = Problems.Create(StatusCodes.Status401Unauthorized, Problems.Unauthenticated, detail),
        });
    }
}
