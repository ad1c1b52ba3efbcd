using Microsoft.AspNetCore.Mvc;
using ObjectStore.Errors;

namespace ObjectStore.Silo.Http;

/// <summary>
/// Every error the HTTP API answers is an RFC 9457 problem: a stable <c>type</c> per error (also given as
/// <c>code</c>, the code of the typed exception behind it), the status, and a <c>detail</c> that says what was wrong.
/// </summary>
public static class Problems
{
    public const string Unauthenticated = "unauthenticated";
    public const string Unavailable = "unavailable";
    public const string Throttled = "throttled";

    public static string TypeOf(string code) => $"urn:objectstore:problem:{code}";

    public static int StatusOf(ObjectStoreException exception) => exception switch
    {
        InvalidInputException => StatusCodes.Status400BadRequest,
        ForbiddenException => StatusCodes.Status403Forbidden,
        NotFoundException => StatusCodes.Status404NotFound,
        VersionConflictException or DuplicateSortKeyException => StatusCodes.Status409Conflict,
        ObjectDeletedException => StatusCodes.Status410Gone,
        TooLargeException => StatusCodes.Status413PayloadTooLarge,
        StorageFailureException => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>The code of a status the framework answers by itself (an unknown route, a wrong method).</summary>
    public static string CodeOf(int status) => status switch
    {
        StatusCodes.Status400BadRequest => ErrorCodes.Invalid,
        StatusCodes.Status401Unauthorized => Unauthenticated,
        StatusCodes.Status403Forbidden => ErrorCodes.Forbidden,
        StatusCodes.Status404NotFound => ErrorCodes.NotFound,
        StatusCodes.Status405MethodNotAllowed => "method-not-allowed",
        StatusCodes.Status413PayloadTooLarge => ErrorCodes.TooLarge,
        StatusCodes.Status415UnsupportedMediaType => "unsupported-media-type",
        StatusCodes.Status429TooManyRequests => Throttled,
        _ => "error",
    };

    public static ProblemDetails Create(int status, string code, string detail) => new()
    {
        Status = status,
        Type = TypeOf(code),
        Title = TitleOf(code),
        Detail = detail,
        Extensions = { ["code"] = code },
    };

    private static string TitleOf(string code) => code switch
    {
        ErrorCodes.Invalid => "The request is invalid.",
        Unauthenticated => "A valid bearer token is required.",
        ErrorCodes.Forbidden => "The caller lacks the permission this needs.",
        ErrorCodes.NotFound => "Not found.",
        ErrorCodes.VersionConflict => "The object's current version is not the one this update was based on.",
        ErrorCodes.DuplicateSortKey => "Another current object in the partition holds this sort key.",
        ErrorCodes.Deleted => "The object is deleted.",
        ErrorCodes.TooLarge => "The request is too large.",
        ErrorCodes.StorageFailure => "The database failed; try again.",
        Unavailable => "The cluster is unavailable; try again.",
        Throttled => "Too many requests; try again after the Retry-After seconds.",
        _ => "The request failed.",
    };
}
