using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using ObjectStore.Silo.Canon;
using ObjectStore.Silo.Condensation;
using ObjectStore.Hosting;
using ObjectStore.Silo.Http.Authentication;
using ObjectStore.Silo.Http.RateLimiting;

namespace ObjectStore.Silo.Http;

/// <summary>
/// The HTTP face of the silo: the Symphony Object Store REST model under <c>/object/v1</c> (JWT bearer tokens, errors
/// as problem details), its OpenAPI document, and health endpoints.
/// </summary>
public static class HttpApi
{
    public const string BasePath = "/object/v1";
    public const string OpenApiPath = "/openapi/v1.json";

    public static WebApplicationBuilder AddObjectStoreHttpApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<HttpApiOptions, HttpApiOptionsValidator>(HttpApiOptions.SectionName);
        builder.Services.AddObjectStoreAuthentication();
        builder.Services.AddObjectStoreRateLimits();
        builder.Services.AddCondensationStore();
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            // Statuses the framework answers by itself (an unknown route, a wrong method) get the same kind of type.
            if (context.ProblemDetails.Type is null || !context.ProblemDetails.Type.StartsWith(Problems.TypeOf(""), StringComparison.Ordinal))
            {
                var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
                var code = Problems.CodeOf(status);
                var request = context.HttpContext.Request;
                context.ProblemDetails.Type = Problems.TypeOf(code);
                context.ProblemDetails.Extensions["code"] = code;
                context.ProblemDetails.Detail ??= status switch
                {
                    StatusCodes.Status404NotFound => $"Nothing is served at {request.Path}; the API is under {BasePath}, described at {OpenApiPath}. A hash in a path is URL-safe Base64, or has its '/' encoded as %2F.",
                    StatusCodes.Status405MethodNotAllowed => $"{request.Path} does not take {request.Method}.",
                    _ => context.ProblemDetails.Title,
                };
            }
        });
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddObjectStoreHealthChecks();
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "ObjectStore";
            document.Info.Description = $"The Symphony 2.0 Object Store REST model under {BasePath}. Every {BasePath} call but /version needs 'Authorization: Bearer <JWT>'; its 'sub' is the caller's user id. Bodies are Canon JSON; errors are RFC 9457 problem details.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[JwtBearerDefaults.AuthenticationScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(JwtBearerDefaults.AuthenticationScheme, document)] = [] }];
            return Task.CompletedTask;
        }));
        return builder;
    }

    /// <summary>Documents the problem statuses an endpoint answers, besides the 401 every authenticated one may.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder endpoint, params int[] statuses)
    {
        foreach (var status in statuses.Append(StatusCodes.Status401Unauthorized))
        {
            endpoint.ProducesProblem(status);
        }

        return endpoint;
    }

    public static WebApplication MapObjectStoreHttpApi(this WebApplication app)
    {
        var jwt = app.Services.GetRequiredService<IOptions<JwtOptions>>().Value;
        app.Logger.LogInformation("Bearer tokens are accepted from issuer {Issuer} signed with {SymmetricKeys} symmetric and {PublicKeys} public keys and those published at {PublishedKeys}, the user id in '{UserIdClaim}'",
            jwt.ValidateIssuer ? jwt.Issuer ?? "(the authority's)" : "(any)", jwt.SigningKey is null ? 0 : 1, jwt.PublicKeys.Count, jwt.Authority ?? jwt.JwksUrl, jwt.UserIdClaim);
        if (app.Environment.IsDevelopment())
        {
            app.Logger.LogWarning("Development environment: the signing key of appsettings.Development.json is public, so anyone can mint tokens for this silo");
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseObjectStoreRateLimits();

        app.MapGet("/", () => Results.Text($"ObjectStore silo. The API is under {BasePath}, described at {OpenApiPath}.\n")).ExcludeFromDescription();
        app.MapOpenApi(OpenApiPath);
        app.MapObjectStoreHealthChecks();

        var api = app.MapGroup(BasePath);
        api.MapGet("/version", () => CanonResults.Json(PlainTextWriter.Write(typeof(HttpApi).Assembly.GetName().Version?.ToString() ?? "unknown")))
            .WithName("fetchVersion").WithSummary("The build version of the service").WithTags("service");
        var authenticated = api.MapGroup("").RequireAuthorization();
        authenticated.MapObjectEndpoints();
        authenticated.MapPartitionEndpoints();
        authenticated.MapFeedEndpoints();
        authenticated.MapSequenceEndpoints();
        app.MapCondensationStore();
        return app;
    }
}
