using ObjectStore.Silo.Http.Authentication;

namespace ObjectStore.Silo.Http;

/// <summary>
/// One compact line for every request answered with an error status: method, route template (not the path, whose hashes
/// would make every line unique), status, problem code and the caller's user id when a token proved it. Never a token,
/// a header or a body. First in the pipeline, so it sees the final status of what the exception handler answered.
/// </summary>
public sealed partial class RefusalLog(RequestDelegate next, ILogger<RefusalLog> logger)
{
    private const string ProblemCodeKey = "ObjectStore.ProblemCode";
    private const string None = "-";

    /// <summary>Remembers the code of the problem the request is answered with (every problem passes through here).</summary>
    public static void RecordProblemCode(HttpContext context, string code) => context.Items[ProblemCodeKey] = code;

    public async Task InvokeAsync(HttpContext context)
    {
        // Taken before the request runs: the exception handler clears the endpoint when it answers.
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? None;
        await next(context);

        var status = context.Response.StatusCode;
        if (status < StatusCodes.Status400BadRequest)
        {
            return;
        }

        var code = context.Items[ProblemCodeKey] as string ?? None;
        var user = context.AuthenticatedUserId()?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? None;
        if (status >= StatusCodes.Status500InternalServerError)
        {
            LogFailed(context.Request.Method, route, status, code, user);
        }
        else
        {
            LogRefused(context.Request.Method, route, status, code, user);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused {Method} {Route} {Status} {Code} user {UserId}")]
    private partial void LogRefused(string method, string route, int status, string code, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Failed {Method} {Route} {Status} {Code} user {UserId}")]
    private partial void LogFailed(string method, string route, int status, string code, string userId);
}
