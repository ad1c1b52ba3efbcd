using System.Threading.Channels;

namespace ObjectStore.Tests.Client;

/// <summary>
/// Stands in for a call to the feed in unit tests: <see cref="CallAsync"/> records each argument for the test to wait
/// on, and its first call can be made to fail, or to wait until the test lets it answer.
/// </summary>
internal sealed class CallRecorder<T>
{
    // Only a bug reaches it: without it, a call that never comes would hang the test run instead of failing it.
    public static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(1);

    private readonly Channel<T> _calls = Channel.CreateUnbounded<T>();
    private readonly TaskCompletionSource _firstCallStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    /// <summary>Thrown by the first call, after it was recorded.</summary>
    public Exception? FirstCallFails { get; init; }

    /// <summary>The first call answers when this completes.</summary>
    public Task FirstCallAnswers { get; init; } = Task.CompletedTask;

    public Task FirstCallStarted => _firstCallStarted.Task;

    public async Task CallAsync(T argument)
    {
        await _calls.Writer.WriteAsync(argument);
        if (Interlocked.Increment(ref _count) > 1)
        {
            return;
        }

        _firstCallStarted.SetResult();
        await FirstCallAnswers;
        if (FirstCallFails is { } failure)
        {
            throw failure;
        }
    }

    public async Task<T> NextAsync() => await _calls.Reader.ReadAsync().AsTask().WaitAsync(HangGuard);

    /// <summary>The calls recorded and not read yet; all of them once what makes the calls has completed.</summary>
    public List<T> SoFar()
    {
        var calls = new List<T>();
        while (_calls.Reader.TryRead(out var call))
        {
            calls.Add(call);
        }

        return calls;
    }
}
