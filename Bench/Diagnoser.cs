using System.Diagnostics;

namespace ObjectStore.Bench;

/// <summary>
/// Under --diagnose, surrounds each measured store workload with the server's and the process's counters and keeps a
/// <see cref="Diagnosis"/> per workload; otherwise it only runs the workload. Waiting for the server to publish its
/// counters happens outside the measured time, before and after.
/// </summary>
public sealed class Diagnoser : IAsyncDisposable
{
    private readonly ServerProbe? _server;
    private readonly ClientMeters? _client;
    private readonly Dictionary<string, Diagnosis> _diagnoses = new(StringComparer.Ordinal);

    private Diagnoser(ServerProbe? server, ClientMeters? client)
    {
        _server = server;
        _client = client;
    }

    public IReadOnlyDictionary<string, Diagnosis> Diagnoses => _diagnoses;

    /// <summary>A diagnoser of the store database at <paramref name="storeConnection"/>, or one that does nothing when <paramref name="enabled"/> is false.</summary>
    public static async Task<Diagnoser> StartAsync(string storeConnection, bool enabled) =>
        enabled ? new Diagnoser(await ServerProbe.OpenAsync(storeConnection), new ClientMeters()) : new Diagnoser(null, null);

    public async Task MeasureAsync(string workload, int operations, Func<Task> phase) =>
        await MeasureAsync(workload, operations, async () =>
        {
            await phase();
            return operations;
        });

    /// <param name="operations">What the workload's rate counts: writes, reads or messages.</param>
    public async Task<T> MeasureAsync<T>(string workload, int operations, Func<Task<T>> phase)
    {
        if (_server is null || _client is null)
        {
            return await phase();
        }

        var commitsBefore = await _server.SettledCommitsAsync();
        await _server.ResetStatementsAsync();
        _client.Take();
        var clock = Stopwatch.StartNew();
        var result = await phase();
        var elapsed = clock.Elapsed;
        var client = _client.Take();
        var statements = await _server.StatementsAsync();
        var commits = await _server.SettledCommitsAsync() - commitsBefore - ServerProbe.OwnTransactions;
        _diagnoses[workload] = Diagnosis.Of(operations, commits, statements, client, elapsed);
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
