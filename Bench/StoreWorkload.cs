using System.Diagnostics;
using ObjectStore.Client;
using ObjectStore.Objects;

namespace ObjectStore.Bench;

/// <summary>
/// The store as an application uses it: <see cref="ObjectStoreClient"/> calling the grains of a silo hosted in this
/// process (<see cref="BenchSilo"/>), and for H1 the silo's HTTP API. Every write goes to partition
/// <c>index % partitions</c>, so that each partition takes its share whatever the number of writers.
/// </summary>
public static class StoreWorkload
{
    // The owner of every partition, so that each call passes the permission check as an application's would.
    public const long UserId = 1;

    /// <param name="baselineRound">
    /// Runs a round of the baseline's raw inserts; W1's and W2's rounds alternate with such rounds while the silo idles.
    /// </param>
    public static async Task<StoreResults> RunAsync(string connectionString, BenchOptions options, Diagnoser diagnoser, Func<Task<PhaseResult>> baselineRound)
    {
        await using var silo = await BenchSilo.StartAsync(connectionString);
        var client = new ObjectStoreClient(silo.Grains);
        var partitions = await NewPartitionsAsync(client, "bench", options.Partitions);
        var single = await NewPartitionsAsync(client, "bench-single", 1);

        Task<StoredObject> CreateAsync(Hash[] into, string sortKey, int index) =>
            client.CreateAsync(UserId, Draft(into[index % into.Length], sortKey, options));

        // The workload's warm-up comes before its first round, and only that round is diagnosed: a diagnosis waits
        // seconds for the server's counters, which would leave the later rounds' pairs that far apart.
        async Task<PhaseResult> CreatesRoundAsync(string workload, Hash[] into, int round, StoredObject[]? keep)
        {
            var prefix = workload.ToLowerInvariant();
            Task<PhaseResult> CreateAllAsync() => Phase.RunAsync(options.Creates, options.Writers, async (_, index) =>
            {
                var stored = await CreateAsync(into, $"{prefix}-{round}-{index:D9}", index);
                keep?[index] = stored;
            });

            if (round > 0)
            {
                return await CreateAllAsync();
            }

            await Phase.WarmUpAsync(workload, options.Warmup, options.Writers, (_, index) => CreateAsync(into, $"{prefix}-warmup-{index:D9}", index));
            return await diagnoser.MeasureAsync(workload, options.Creates, CreateAllAsync);
        }

        // R1, R2 and W3 use the objects of W1's first round; M1 is the working set right after it.
        var created = new StoredObject[options.Creates];
        var workingSet = 0L;
        var w1 = await Rounds.AlternateAsync(options.Rounds, async round =>
        {
            var result = await CreatesRoundAsync("W1", partitions, round, round == 0 ? created : null);
            if (round == 0)
            {
                workingSet = WorkingSet();
            }

            return result;
        }, _ => baselineRound());

        // Warm: every object read once before the measured reads, so that what the store caches is cached.
        Task CurrentAsync(int index) => client.GetCurrentAsync(UserId, created[index].BaseHash);
        await Phase.RunAsync(created.Length, options.Writers, (_, index) => CurrentAsync(index));
        var r1 = await diagnoser.MeasureAsync("R1", options.Reads, () =>
            Phase.RunAsync(options.Reads, options.Writers, (_, _) => CurrentAsync(Random.Shared.Next(created.Length))));
        Task ByHashAsync(int index) => client.GetObjectAsync(UserId, created[index].AbsoluteHash);
        await Phase.RunAsync(created.Length, options.Writers, (_, index) => ByHashAsync(index));
        var r2 = await diagnoser.MeasureAsync("R2", options.Reads, () =>
            Phase.RunAsync(options.Reads, options.Writers, (_, _) => ByHashAsync(Random.Shared.Next(created.Length))));

        var w2 = await Rounds.AlternateAsync(options.Rounds, round => CreatesRoundAsync("W2", single, round, keep: null), _ => baselineRound());

        var versions = new NewVersions(client, UserId, created, options);
        await Phase.WarmUpAsync("W3", options.Warmup, options.Writers, (_, _) => versions.WriteAsync());
        var conflictsBefore = versions.Conflicts;
        var w3 = await diagnoser.MeasureAsync("W3", options.Updates, () => Phase.RunAsync(options.Updates, options.Writers, (_, _) => versions.WriteAsync()));
        var w3Conflicts = versions.Conflicts - conflictsBefore;

        using var http = silo.HttpClientFor(UserId);
        await Phase.WarmUpAsync("H1", options.Warmup, options.Writers, (_, index) => HttpCreates.PutAsync(http, Draft(partitions[index % partitions.Length], $"h1-warmup-{index:D9}", options)));
        var h1 = await diagnoser.MeasureAsync("H1", options.Creates, () =>
            Phase.RunAsync(options.Creates, options.Writers, (_, index) => HttpCreates.PutAsync(http, Draft(partitions[index % partitions.Length], $"h1-{index:D9}", options))));

        var feed = await StoreFeedWorkload.RunAsync(client, UserId, options, diagnoser, connectionString);
        return new StoreResults(w1, workingSet, r1, r2, w2, w3, w3Conflicts, h1, feed);
    }

    public static ObjectDraft Draft(Hash partition, string sortKey, BenchOptions options) => new(partition, sortKey)
    {
        Owner = UserId,
        EncryptedPayload = Payloads.NewBase64(options.PayloadBytes),
    };

    private static async Task<Hash[]> NewPartitionsAsync(ObjectStoreClient client, string prefix, int count)
    {
        var partitions = new Hash[count];
        for (var i = 0; i < count; i++)
        {
            partitions[i] = (await client.UpsertPartitionAsync(UserId, $"{prefix}-{i}")).PartitionHash;
        }

        return partitions;
    }

    private static long WorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}
