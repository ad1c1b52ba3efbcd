using System.Diagnostics;
using Npgsql;

namespace ObjectStore.Testing;

/// <summary>
/// A throwaway PostgreSQL server for a test or benchmark run: initdb into a temporary folder, pg_ctl start on a free loopback
/// port, stopped and deleted when the test process exits. When the process runs as root, the server runs as the
/// 'postgres' user, because PostgreSQL refuses to run as root. Each test cluster gets its own database.
/// There is no skip: a machine without PostgreSQL fails these tests, which is what CI wants.
/// The shared server runs with fsync off, which tests want: they check behaviour, not durability, and share two cores.
/// A benchmark that reports what users get starts a server of its own with <see cref="StartAsync"/> and
/// <see cref="PostgresDurability.Durable"/>.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<Task<PostgresServer>> Shared = new(() => StartAsync(PostgresDurability.FsyncOff));
    private static int _databaseCounter;

    private readonly int _port;

    private PostgresServer(int port) => _port = port;

    public static Task<PostgresServer> GetAsync() => Shared.Value;

    /// <summary>How this server commits, as started.</summary>
    public PostgresDurability Durability { get; private init; }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"objectstore_{Environment.ProcessId}_{Interlocked.Increment(ref _databaseCounter)}";
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return ConnectionString(name);
    }

    private string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={_port};Username=postgres;Database={database};Maximum Pool Size=40;Include Error Detail=true";

    private const string FolderPrefix = "objectstore-pg-";

    /// <summary>Starts a server of the caller's own, not the shared one; it is stopped when the process exits.</summary>
    /// <param name="trackStatements">
    /// Loads pg_stat_statements, so that a benchmark can say which statements a workload ran and what they cost. Off
    /// unless asked for: it adds work to every statement.
    /// </param>
    public static async Task<PostgresServer> StartAsync(PostgresDurability durability, bool trackStatements = false)
    {
        var asRoot = Environment.UserName == "root";
        await RemoveOrphansAsync(asRoot);
        var folder = Path.Combine(Path.GetTempPath(), $"{FolderPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
        var data = Path.Combine(folder, "data");
        Directory.CreateDirectory(folder);
        if (asRoot)
        {
            await RunAsync("chown", $"postgres {folder}", asPostgres: false);
        }

        var port = FreePorts.Next();
        await RunAsync("initdb", $"-D {data} -U postgres -A trust --no-sync -E UTF8 --locale=C", asRoot);
        var commits = durability == PostgresDurability.Durable
            ? "-c fsync=on -c synchronous_commit=on -c full_page_writes=on"
            : "-c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        var statements = trackStatements ? " -c shared_preload_libraries=pg_stat_statements" : "";
        var options = $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 {commits} -c max_connections=300{statements}";
        await RunAsync("pg_ctl", $"-D {data} -l {Path.Combine(folder, "server.log")} -w -t 60 -o \"{options}\" start", asRoot);

        Watch(data, folder, asRoot);
        return new PostgresServer(port) { Durability = durability };
    }

    /// <summary>
    /// A watcher in a session of its own that stops the server and deletes its folder once this process is gone, however it
    /// ended: a test runner may kill its host before any exit handler runs (seen after full runs of the suite, when the
    /// servers were stopped on ProcessExit).
    /// </summary>
    private static void Watch(string data, string folder, bool asRoot)
    {
        var stop = asRoot ? $"runuser -u postgres -- pg_ctl -D {data} -m immediate stop" : $"pg_ctl -D {data} -m immediate stop";
        var watch = new ProcessStartInfo("setsid",
            ["bash", "-c", $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; {stop} >/dev/null 2>&1; rm -rf {folder}"])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var watcher = Process.Start(watch) ?? throw new InvalidOperationException("Could not start the server's watcher.");
    }

    /// <summary>
    /// Stops and deletes the servers of test processes that are gone and whose watcher did not (the machine went down with
    /// them, or the watcher was killed with the process group).
    /// </summary>
    private static async Task RemoveOrphansAsync(bool asRoot)
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            var owner = Path.GetFileName(folder)[FolderPrefix.Length..].Split('-')[0];
            if (!int.TryParse(owner, out var processId) || IsAlive(processId))
            {
                continue;
            }

            var data = Path.Combine(folder, "data");
            if (File.Exists(Path.Combine(data, "postmaster.pid")))
            {
                using var stop = StartProcess("pg_ctl", $"-D {data} -m immediate -w stop", asRoot);
                await stop.WaitForExitAsync();
            }

            DeleteFolder(folder);
        }
    }

    private static bool IsAlive(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next run's orphan sweep.
        }
    }


    private static async Task RunAsync(string tool, string arguments, bool asPostgres)
    {
        using var process = StartProcess(tool, arguments, asPostgres);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is needed for these tests: '{tool} {arguments}' failed with exit code {process.ExitCode}.\n{await output}\n{await error}");
        }
    }

    private static Process StartProcess(string tool, string arguments, bool asPostgres)
    {
        var start = asPostgres
            ? new ProcessStartInfo("runuser", $"-u postgres -- {tool} {arguments}")
            : new ProcessStartInfo(tool, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        return Process.Start(start) ?? throw new InvalidOperationException($"Could not start {tool}.");
    }
}
