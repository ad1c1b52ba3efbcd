using System.Data.Common;
using Microsoft.Extensions.Logging;
using ObjectStore.Errors;

namespace ObjectStore.Hosting;

/// <summary>
/// Turns database exceptions into <see cref="StorageFailureException"/>: the drivers' exceptions cannot cross the wire
/// (a client would see a codec error instead), and the details belong in the silo's log, not in the caller's hands.
/// </summary>
internal sealed partial class StorageFailureFilter(ILogger<StorageFailureFilter> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (DbException e)
        {
            LogStorageFailure(e, context.InterfaceName, context.MethodName);
            throw new StorageFailureException($"The database failed during {context.MethodName}; see the silo log.");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The database failed in {Interface}.{Method}.")]
    private partial void LogStorageFailure(Exception exception, string @interface, string method);
}
