using ObjectStore.Bench;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (UsageException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine("Run with --help for the options.");
    return 2;
}

if (options.Help)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

try
{
    await using var databases = await BenchDatabases.CreateAsync(options.Connection);

    // The store first and the baseline after the cluster has stopped, so that neither competes with the other for CPU.
    Console.Error.WriteLine("Store: starting a one-silo cluster and running creates, fetch-current, then a feed...");
    var store = await StoreWorkload.RunAsync(databases.Store, options);
    Console.Error.WriteLine("Baseline: raw Npgsql inserts, selects, then LISTEN/NOTIFY and a queue table...");
    var baseline = await BaselineWorkload.RunAsync(databases.Baseline, options);

    Report.Print(Console.Out, options, databases.Server, store, baseline);
    return 0;
}
catch (Exception e)
{
    Console.Error.WriteLine($"The bench failed: {e}");
    return 1;
}
