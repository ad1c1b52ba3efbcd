using ObjectStore.Client;
using ObjectStore.Condensation;
using ObjectStore.Hosting;
using ObjectStore.Objects;
using Orleans.TestingHost;

namespace ObjectStore.Bench;

/// <summary>
/// The store as an application uses it: <see cref="ObjectStoreClient"/> calls into a one-silo, in-process
/// TestCluster that hosts the store with <c>AddObjectStore</c> on PostgreSQL.
/// </summary>
public static class StoreWorkload
{
    // The owner of every partition, so that each call passes the permission check as an application's would.
    private const long UserId = 1;

    public static async Task<WorkloadResult> RunAsync(string connectionString, BenchOptions options)
    {
        var builder = new TestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false; // It would write a logs folder into the working directory.
        builder.Properties["ObjectStore:ConnectionString"] = connectionString;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddSiloBuilderConfigurator<QuietLogging>();
        builder.AddClientBuilderConfigurator<QuietLogging>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        try
        {
            var client = new ObjectStoreClient(cluster.Client);
            var partitions = new Hash[options.Partitions];
            for (var i = 0; i < partitions.Length; i++)
            {
                partitions[i] = (await client.UpsertPartitionAsync(UserId, $"bench-{i}")).PartitionHash;
            }

            Task<StoredObject> CreateAsync(int worker, string sortKey) =>
                client.CreateAsync(UserId, new ObjectDraft(partitions[worker % partitions.Length], sortKey)
                {
                    Owner = UserId,
                    EncryptedPayload = Payloads.NewBase64(options.PayloadBytes),
                });

            await Phase.WarmUpAsync(options.Warmup, options.Writers, (worker, index) => CreateAsync(worker, $"warmup-{index:D9}"));
            var created = new Hash[options.Creates];
            var creates = await Phase.RunAsync(options.Creates, options.Writers, async (worker, index) =>
                created[index] = (await CreateAsync(worker, $"object-{index:D9}")).BaseHash);

            Task ReadAsync() => client.GetCurrentAsync(UserId, created[Random.Shared.Next(created.Length)]);
            await Phase.WarmUpAsync(options.Warmup, options.Writers, (_, _) => ReadAsync());
            var reads = await Phase.RunAsync(options.Reads, options.Writers, (_, _) => ReadAsync());
            var feed = await StoreFeedWorkload.RunAsync(client, UserId, options);

            var condensation = cluster.Client.GetGrain<ICondensationStoreGrain>(0);
            var actor = CondensationHash.Of(Payloads.NewCondensationObject(options.PayloadBytes));
            var objects = new CondensationHash[options.Creates];
            async Task PutAsync(int index, bool keep)
            {
                var bytes = Payloads.NewCondensationObject(options.PayloadBytes);
                var hash = CondensationHash.Of(bytes);
                await condensation.PutObjectAsync(actor, hash, bytes);
                if (keep)
                {
                    objects[index] = hash;
                }
            }

            await Phase.WarmUpAsync(options.Warmup, options.Writers, (_, index) => PutAsync(index, keep: false));
            var puts = await Phase.RunAsync(options.Creates, options.Writers, (_, index) => PutAsync(index, keep: true));
            Task GetAsync() => condensation.GetObjectAsync(objects[Random.Shared.Next(objects.Length)]);
            await Phase.WarmUpAsync(options.Warmup, options.Writers, (_, _) => GetAsync());
            var gets = await Phase.RunAsync(options.Reads, options.Writers, (_, _) => GetAsync());
            return new WorkloadResult(creates, reads, feed, puts, gets);
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    /// <summary>
    /// The TestCluster creates configurators from their type, so the connection string reaches the silo through
    /// the cluster's configuration (<c>ObjectStore:ConnectionString</c>, as the Silo reads it) rather than a constructor.
    /// </summary>
    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.AddObjectStore().UsePostgreSql();
    }
}
