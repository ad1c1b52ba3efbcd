using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using ObjectStore.Condensation;
using ObjectStore.Errors;
using ObjectStore.Hosting;
using ObjectStore.Silo.Http;
using ObjectStore.Telemetry;

namespace ObjectStore.Silo.Condensation;

/// <summary>
/// The Condensation HTTP protocol under <see cref="BasePath"/>, so that a Condensation client given
/// <c>http://host:port/cds</c> as its store works unchanged. Bodies are raw bytes; errors are plain text.
/// </summary>
public static partial class CondensationEndpoints
{
    public const string BasePath = "/cds";
    public const string WatchHeader = "Condensation-Watch";

    private const string ObjectMethods = "GET, HEAD, PUT, POST, OPTIONS";
    private const string BoxMethods = "GET, HEAD, OPTIONS";
    private const string BoxEntryMethods = "PUT, DELETE, OPTIONS";
    private const string AccountsMethods = "POST, OPTIONS";
    private const string OctetStream = "application/octet-stream";

    public static IServiceCollection AddCondensationStore(this IServiceCollection services) => services.AddSingleton<SeenSignatures>();

    public static WebApplication MapCondensationStore(this WebApplication app)
    {
        var cds = app.MapGroup(BasePath).ExcludeFromDescription().AddEndpointFilter(AnswerInProtocolAsync);
        cds.Map("/objects/{hash}", ObjectAsync);
        cds.Map("/accounts", AccountsAsync);
        cds.Map("/accounts/{account}/{box}", BoxAsync);
        cds.Map("/accounts/{account}/{box}/{hash}", BoxEntryAsync);
        cds.Map("/{**rest}", (HttpContext context) => NotServed(context));
        return app;
    }

    private static async Task<IResult> ObjectAsync(HttpContext context, string hash, IGrainFactory grains, IOptions<CondensationOptions> options)
    {
        if (!CondensationHash.TryParse(hash, out var objectHash))
        {
            return NotServed(context);
        }

        var store = grains.GetGrain<ICondensationStoreGrain>(0);
        switch (context.Request.Method)
        {
            case "GET" or "HEAD":
                await VerifySignatureAsync(context, grains);
                return await store.GetObjectAsync(objectHash) is { } bytes
                    ? Results.Bytes(bytes, OctetStream)
                    : Text(StatusCodes.Status404NotFound, $"The store does not hold object {objectHash}.");
            case "PUT":
                var body = await context.Request.ReadBytesAsync(options.Value.MaxObjectBytes, context.RequestAborted);
                var actor = await VerifySignatureAsync(context, grains, keyInRequest: key => key == objectHash ? body : null);
                await store.PutObjectAsync(actor, objectHash, body);
                return Results.NoContent();
            case "POST":
                var bookingBody = await context.Request.ReadBytesAsync(options.Value.MaxObjectBytes, context.RequestAborted);
                if (bookingBody.Length > 0)
                {
                    throw new InvalidInputException("Booking an object takes no body.");
                }

                var booker = await VerifySignatureAsync(context, grains);
                return await store.BookObjectAsync(booker, objectHash)
                    ? Results.NoContent()
                    : Text(StatusCodes.Status404NotFound, $"The store does not hold object {objectHash}: put it instead.");
            default:
                return Options(context, ObjectMethods) ?? MethodNotAllowed(context, ObjectMethods);
        }
    }

    private static async Task<IResult> BoxAsync(HttpContext context, string account, string box, IGrainFactory grains)
    {
        if (!CondensationHash.TryParse(account, out var accountHash) || !BoxLabels.TryParse(box, out var boxLabel))
        {
            return NotServed(context);
        }

        if (context.Request.Method is not ("GET" or "HEAD"))
        {
            return Options(context, BoxMethods) ?? MethodNotAllowed(context, BoxMethods);
        }

        var actor = await VerifySignatureAsync(context, grains);
        var hashes = await grains.GetGrain<IAccountGrain>(accountHash.Hex)
            .ListAsync(actor, boxLabel, WatchOf(context.Request), context.RequestAborted);
        return hashes.Count == 0
            ? Results.NoContent()
            : Results.Bytes(hashes.SelectMany(hash => hash.ToBytes()).ToArray(), OctetStream);
    }

    private static async Task<IResult> BoxEntryAsync(
        HttpContext context, string account, string box, string hash, IGrainFactory grains)
    {
        if (!CondensationHash.TryParse(account, out var accountHash) || !BoxLabels.TryParse(box, out var boxLabel)
            || !CondensationHash.TryParse(hash, out var entryHash))
        {
            return NotServed(context);
        }

        var accountGrain = grains.GetGrain<IAccountGrain>(accountHash.Hex);
        switch (context.Request.Method)
        {
            case "PUT":
                await accountGrain.AddAsync(await VerifySignatureAsync(context, grains), boxLabel, entryHash);
                return Results.NoContent();
            case "DELETE":
                await accountGrain.RemoveAsync(await VerifySignatureAsync(context, grains), boxLabel, entryHash);
                return Results.NoContent();
            default:
                return Options(context, BoxEntryMethods) ?? MethodNotAllowed(context, BoxEntryMethods);
        }
    }

    private static async Task<IResult> AccountsAsync(HttpContext context, IGrainFactory grains, IOptions<CondensationOptions> options)
    {
        if (context.Request.Method != "POST")
        {
            return Options(context, AccountsMethods) ?? MethodNotAllowed(context, AccountsMethods);
        }

        var body = await context.Request.ReadBytesAsync(options.Value.MaxObjectBytes, context.RequestAborted);
        var modifications = ModifyRequest.Parse(body);
        var actor = await VerifySignatureAsync(context, grains,
            keyInRequest: key => modifications.Puts.FirstOrDefault(put => put.Hash == key)?.Bytes, signedBody: body);
        await grains.GetGrain<ICondensationStoreGrain>(0).ModifyAsync(actor, modifications);
        return Results.NoContent();
    }

    /// <summary>The request's actor; its key object is looked for in the request first (<paramref name="keyInRequest"/>), then in the store.</summary>
    private static Task<CondensationHash?> VerifySignatureAsync(
        HttpContext context, IGrainFactory grains, Func<CondensationHash, byte[]?>? keyInRequest = null, byte[]? signedBody = null) =>
        RequestSignature.VerifyAsync(context, signedBody,
            async actor => keyInRequest?.Invoke(actor) ?? await grains.GetGrain<ICondensationStoreGrain>(0).GetObjectAsync(actor),
            context.RequestServices.GetRequiredKeyedService<TimeProvider>(ObjectStoreClock.ServiceKey),
            context.RequestServices.GetRequiredService<SeenSignatures>());

    /// <summary><c>Condensation-Watch: N ms</c>; anything else is no watch.</summary>
    private static TimeSpan WatchOf(HttpRequest request) =>
        WatchPattern().Match(request.Headers[WatchHeader].ToString()) is { Success: true } match
            && long.TryParse(match.Groups[1].ValueSpan, out var milliseconds)
            ? TimeSpan.FromMilliseconds(Math.Min(milliseconds, (long)TimeSpan.FromDays(1).TotalMilliseconds))
            : TimeSpan.Zero;

    [GeneratedRegex(@"^\s*(\d{1,18})\s*ms\s*$")]
    private static partial Regex WatchPattern();

    /// <summary>
    /// Errors as the protocol's clients expect them, plain text with the status; and CORS for browser clients. Any
    /// origin may call: requests authenticate by signature, never by cookie, so a foreign page gains nothing.
    /// </summary>
    private static async ValueTask<object?> AnswerInProtocolAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        if (context.Request.Headers.Origin.ToString() is { Length: > 0 } origin)
        {
            context.Response.Headers.AccessControlAllowOrigin = origin;
            context.Response.Headers.AccessControlAllowHeaders =
                $"Content-Type, {RequestSignature.DateHeader}, {RequestSignature.ActorHeader}, {RequestSignature.SignatureHeader}, {WatchHeader}";
            context.Response.Headers.AccessControlMaxAge = "86400";
            context.Response.Headers.Vary = "Origin";
        }

        try
        {
            return await next(invocation);
        }
        catch (ObjectStoreException error)
        {
            context.RequestServices.GetRequiredService<ObjectStoreMetrics>().Refused(error.Code);
            return Text(Problems.StatusOf(error), error.Message);
        }
        catch (Exception error) when (error is TimeoutException or SiloUnavailableException)
        {
            return Text(StatusCodes.Status503ServiceUnavailable, "The store is not available right now; try again.");
        }
    }

    private static IResult? Options(HttpContext context, string methods)
    {
        if (context.Request.Method != "OPTIONS")
        {
            return null;
        }

        context.Response.Headers.Allow = methods;
        if (context.Request.Headers.Origin.Count > 0)
        {
            context.Response.Headers.AccessControlAllowMethods = methods;
        }

        return Results.Ok();
    }

    private static IResult MethodNotAllowed(HttpContext context, string methods)
    {
        context.Response.Headers.Allow = methods;
        return Text(StatusCodes.Status405MethodNotAllowed, $"{context.Request.Path} takes {methods}, not {context.Request.Method}.");
    }

    private static IResult NotServed(HttpContext context) =>
        Text(StatusCodes.Status404NotFound,
            $"Nothing is served at {context.Request.Path}. The Condensation store serves {BasePath}/objects/HASH, {BasePath}/accounts/ACCOUNT/BOX[/HASH] "
            + $"and {BasePath}/accounts, with hashes in 64 lower-case hex characters and BOX one of messages, private, public.");

    private static IResult Text(int status, string message) => Results.Text(message + "\n", "text/plain; charset=utf-8", statusCode: status);
}
