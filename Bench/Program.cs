using ObjectStore.Bench;
using ObjectStore.Testing;

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
    var servers = new List<ServerDescription>();
    var figures = new List<Figure>();
    PostgresDurability[] durabilities = options.AlsoFsyncOff ? [PostgresDurability.Durable, PostgresDurability.FsyncOff] : [PostgresDurability.Durable];
    foreach (var durability in durabilities)
    {
        await using var databases = await BenchDatabases.CreateAsync(options.Connection, durability, trackStatements: options.Diagnose);
        servers.Add(databases.Server);
        await using var diagnoser = await Diagnoser.StartAsync(databases.Store, options.Diagnose);

        // W1's and W2's rounds alternate with rounds of the baseline's inserts while the silo idles between them, so that
        // each pair shares the machine's load of the moment; the baseline's other phases run after the silo has stopped,
        // so that neither competes with the other for CPU.
        await using var baseline = await BaselineWorkload.CreateAsync(databases.Baseline, options);
        Console.Error.WriteLine($"Store on {databases.Server.Durability} PostgreSQL: W1 in {options.Rounds} rounds beside raw inserts, M1, R1, R2, W2 in as many rounds, W3, H1, then F1 and F2...");
        var store = await StoreWorkload.RunAsync(databases.Store, options, diagnoser, baseline.InsertRoundAsync);
        Console.Error.WriteLine("Baseline: raw Npgsql updates, selects, then LISTEN/NOTIFY and a queue table...");
        var baselineResults = await baseline.RunAsync();
        figures.AddRange(DiagnosisReport.Attach(Figures.Compare(store, baselineResults, options, databases.Server.Durability), diagnoser.Diagnoses));
    }

    var machine = await Machine.DescribeAsync();
    if (options.Markdown)
    {
        Report.PrintMarkdown(Console.Out, machine, figures);
    }
    else
    {
        Report.Print(Console.Out, machine, servers, figures);
    }

    DiagnosisReport.Print(Console.Out, figures);

    if (options.JsonPath is { } path)
    {
        await using var file = File.Create(path);
        await new Summary(machine, [.. servers.Select(server => server.Text)], figures).WriteAsync(file);
    }

    return 0;
}
catch (Exception e)
{
    Console.Error.WriteLine($"The bench failed: {e}");
    return 1;
}
