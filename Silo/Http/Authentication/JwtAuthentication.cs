using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ObjectStore.Hosting;

namespace ObjectStore.Silo.Http.Authentication;

/// <summary>
/// JWT bearer authentication: the <c>sub</c> claim of a valid token is the caller's user id. A request that fails
/// authentication is answered 401 with a problem that says why (missing, expired, bad signature, wrong issuer).
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
            bearer.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = options.Issuer,
                ValidateAudience = options.Audience is not null,
                ValidAudience = options.Audience,
                IssuerSigningKeys = JwtKeys.ValidationKeys(options),
                RequireExpirationTime = true,
                ClockSkew = options.ClockSkew,
                NameClaimType = JwtRegisteredClaimNames.Sub,
            };
            bearer.Events = new JwtBearerEvents
            {
                OnTokenValidated = context =>
                {
                    if (UserIdOf(context.Principal) is null)
                    {
                        context.Fail("The token's 'sub' claim must be the user id: a positive 64-bit integer.");
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

    private static long? UserIdOf(ClaimsPrincipal? principal) =>
        long.TryParse(principal?.FindFirst(JwtRegisteredClaimNames.Sub)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var userId) && userId > 0
            ? userId
            : null;

    private static async Task WriteChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        // The handler leaves the description empty for failures it does not classify (a malformed token, a bad 'sub').
        var detail = !string.IsNullOrEmpty(context.ErrorDescription) ? context.ErrorDescription
            : context.AuthenticateFailure?.Message
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
