using Microsoft.AspNetCore.Diagnostics;
using ObjectStore.Errors;

namespace ObjectStore.Silo.Http;

/// <summary>Turns the store's typed errors, and the bad requests Kestrel detects itself, into problem details.</summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ObjectStoreException error => Problems.Create(Problems.StatusOf(error), error.Code, error.Message),
            BadHttpRequestException bad => Problems.Create(bad.StatusCode, Problems.CodeOf(bad.StatusCode), bad.Message),
            TimeoutException or SiloUnavailableException => Problems.Create(StatusCodes.Status503ServiceUnavailable, Problems.Unavailable,
                "The cluster did not answer in time; try again."),
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        if (problem.Status >= StatusCodes.Status500InternalServerError)
        {
            logger.LogWarning(exception, "{Method} {Path} answered {Status}", context.Request.Method, context.Request.Path, problem.Status);
        }

        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }
}
