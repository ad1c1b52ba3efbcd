using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Hosting;

/// <summary>The real Silo program, run as a process the way the README runs it.</summary>
public sealed class SiloProcessTests
{
    private static string SiloAssembly
    {
        get
        {
            // Tests/bin/<configuration>/net10.0/ -> Silo/bin/<configuration>/net10.0/
            var output = new DirectoryInfo(AppContext.BaseDirectory);
            var configuration = output.Parent!.Name;
            var repository = output.Parent!.Parent!.Parent!.Parent!.FullName;
            return Path.Combine(repository, "Silo", "bin", configuration, output.Name, "ObjectStore.Silo.dll");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the silo; the task completes when the host logs that it started, or fails if it exits first.</summary>
    private static (Process Process, StringBuilder Output, Task Started) Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(SiloAssembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var output = new StringBuilder();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        void Collect(object _, DataReceivedEventArgs e)
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data?.Contains("Application started.") == true)
            {
                started.TrySetResult();
            }
        }

        process.OutputDataReceived += Collect;
        process.ErrorDataReceived += Collect;
        process.Exited += (_, _) => started.TrySetException(new InvalidOperationException($"The silo exited:\n{output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, output, started.Task);
    }

    [Fact]
    public async Task Bad_configuration_stops_the_silo_at_start_with_what_to_fix()
    {
        var (process, output, _) = Start("--ObjectStore:Provider=PostgreSql", "--ObjectStore:MaxObjectBytes=5");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(1, process.ExitCode);
        var text = output.ToString();
        Assert.Contains("ObjectStore:ConnectionString is required", text);
        Assert.Contains("ObjectStore:MaxObjectBytes must be between", text);
        Assert.DoesNotContain("   at ", text);
    }

    [Fact]
    public async Task Two_silo_processes_on_postgresql_form_one_cluster()
    {
        var database = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        var silos = Enumerable.Range(0, 2).Select(_ => Start("--ObjectStore:Provider=PostgreSql", $"--ObjectStore:ConnectionString={database}",
            $"--Urls=http://127.0.0.1:{FreePort()}", $"--Cluster:SiloPort={FreePort()}", $"--Cluster:GatewayPort={FreePort()}",
            "--Cluster:AdvertisedHost=127.0.0.1", "--Cluster:ClusterId=process-test")).ToList();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await Task.WhenAll(silos.Select(silo => silo.Started)).WaitAsync(deadline.Token);

            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync(deadline.Token);
            await using var command = new NpgsqlCommand(
                "SELECT COUNT(*) FROM OrleansMembershipTable WHERE DeploymentId = 'process-test' AND Status = 3", connection);
            Assert.Equal(2L, await command.ExecuteScalarAsync(deadline.Token));
        }
        finally
        {
            foreach (var (process, _, _) in silos)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }
    }

    [Fact]
    public async Task The_silo_starts_on_the_embedded_default_names_its_data_folder_and_stops_gracefully()
    {
        var data = Directory.CreateTempSubdirectory("objectstore-silo-").FullName;
        var http = FreePort();
        var (process, output, started) = Start($"--ObjectStore:DataFolder={data}", $"--Urls=http://127.0.0.1:{http}",
            $"--Cluster:SiloPort={FreePort()}", $"--Cluster:GatewayPort={FreePort()}");
        using var client = new HttpClient();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await started.WaitAsync(deadline.Token);
            using var response = await client.GetAsync($"http://127.0.0.1:{http}/", deadline.Token);
            Assert.True(response.IsSuccessStatusCode);
            Assert.Contains($"data folder {data}", output.ToString());
            Assert.True(File.Exists(Path.Combine(data, "objectstore.db")));

            using var terminate = Process.Start("kill", ["-TERM", process.Id.ToString()]);
            await terminate.WaitForExitAsync(deadline.Token);
            await process.WaitForExitAsync(deadline.Token);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
