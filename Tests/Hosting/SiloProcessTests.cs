using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using ObjectStore.Storage;
using ObjectStore.Testing;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Hosting;

/// <summary>The real Silo program, run as a process the way the README runs it.</summary>
[Kind(TestKind.Process)]
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


    /// <summary>Settings a production silo needs to accept tokens: an issuer and a key.</summary>
    private static readonly string[] ProductionAuthentication =
        ["--Authentication:Issuer=process-tests", $"--Authentication:SigningKey={Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}"];

    private static ProcessStartInfo SiloCommand(string environment, IEnumerable<string> arguments)
    {
        // The silo reads its appsettings files from the working directory, as it does when run from its folder.
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(SiloAssembly)!,
        };
        start.ArgumentList.Add(SiloAssembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = environment;
        return start;
    }

    /// <summary>Starts the silo; the task completes when the host logs that it started, or fails if it exits first.</summary>
    private static (Process Process, StringBuilder Output, Task Started) Start(params string[] arguments) => StartIn("Production", arguments);

    private static (Process Process, StringBuilder Output, Task Started) StartIn(string environment, params string[] arguments) =>
        Run(SiloCommand(environment, arguments));

    private static (Process Process, StringBuilder Output, Task Started) Run(ProcessStartInfo start)
    {
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
    public async Task A_dashboard_enabled_on_an_address_other_machines_reach_without_credentials_stops_the_silo_at_start()
    {
        var (process, output, _) = Start([$"--ObjectStore:DataFolder={Directory.CreateTempSubdirectory("objectstore-silo-").FullName}",
            $"--Urls=http://0.0.0.0:{FreePorts.Next()}", "--Dashboard:Enabled=true", .. ProductionAuthentication]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(1, process.ExitCode);
        var text = output.ToString();
        Assert.Contains("Dashboard:Enabled is true and the silo listens on http://0.0.0.0:", text);
        Assert.Contains("set Dashboard:Password (and Dashboard:UserName) or ObjectStore:Administrators:UserIds", text);
        Assert.DoesNotContain("   at ", text);
    }

    /// <summary>
    /// The conventions of every ASP.NET Core application: the environment variable (as containers set it) and the
    /// command-line option, neither hidden by the silo's appsettings.json.
    /// </summary>
    [Theory, Backend(StorageProvider.Sqlite)]
    [InlineData("ASPNETCORE_URLS")]
    [InlineData("--urls")]
    public async Task ASPNETCORE_URLS_and_the_urls_option_move_the_listening_address(string how)
    {
        var data = Directory.CreateTempSubdirectory("objectstore-silo-").FullName;
        var url = $"http://127.0.0.1:{FreePorts.Next()}";
        var start = SiloCommand("Production", [$"--ObjectStore:DataFolder={data}", $"--Cluster:SiloPort={FreePorts.Next()}",
            $"--Cluster:GatewayPort={FreePorts.Next()}", .. ProductionAuthentication, .. how == "--urls" ? [$"--urls={url}"] : Array.Empty<string>()]);
        if (how == "ASPNETCORE_URLS")
        {
            start.Environment["ASPNETCORE_URLS"] = url;
        }

        var (process, output, started) = Run(start);
        using var client = new HttpClient();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await started.WaitAsync(deadline.Token);
            using var response = await client.GetAsync($"{url}/health/startup", deadline.Token);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains($"The object store listens on {url} (HTTP)", output.ToString());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_production_silo_without_token_keys_refuses_to_start_and_says_which_settings_are_missing()
    {
        var (process, output, _) = Start($"--ObjectStore:DataFolder={Directory.CreateTempSubdirectory("objectstore-silo-").FullName}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(1, process.ExitCode);
        var text = output.ToString();
        Assert.Contains("Authentication:Issuer is required", text);
        Assert.Contains("Authentication:SigningKey (Base64, at least 32 bytes) or Authentication:PublicKeys", text);
        Assert.DoesNotContain("   at ", text);
    }

    /// <summary>The silos talk over mutual TLS, as a cluster must: they join only if each accepts the other's certificate.</summary>
    [Fact, Backend(StorageProvider.PostgreSql)]
    public async Task Two_silo_processes_on_postgresql_form_one_cluster_over_mutual_tls()
    {
        var database = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
        using var authority = TestAuthority.Create("process-test-cluster");
        var silos = Enumerable.Range(0, 2).Select(index => authority.Issue($"silo{index}")).Select(certificate => Start(["--ObjectStore:Provider=PostgreSql", $"--ObjectStore:ConnectionString={database}",
            $"--Urls=http://127.0.0.1:{FreePorts.Next()}", $"--Cluster:SiloPort={FreePorts.Next()}", $"--Cluster:GatewayPort={FreePorts.Next()}",
            "--Cluster:AdvertisedHost=127.0.0.1", "--Cluster:ClusterId=process-test",
            $"--Cluster:Tls:CertificatePath={certificate.PfxPath}", $"--Cluster:Tls:CertificatePassword={TestAuthority.Password}",
            $"--Cluster:Tls:AuthorityPath={authority.CertificatePath}", .. ProductionAuthentication])).ToList();
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

    [Fact, Backend(StorageProvider.Sqlite)]
    public async Task The_silo_starts_on_the_embedded_default_names_its_data_folder_and_stops_gracefully()
    {
        var data = Directory.CreateTempSubdirectory("objectstore-silo-").FullName;
        var http = FreePorts.Next();
        var (process, output, started) = Start([$"--ObjectStore:DataFolder={data}", $"--Urls=http://127.0.0.1:{http}",
            $"--Cluster:SiloPort={FreePorts.Next()}", $"--Cluster:GatewayPort={FreePorts.Next()}", .. ProductionAuthentication]);
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

    /// <summary>
    /// The README's walk-through on a fresh machine: the silo in the Development environment (as <c>dotnet run</c>
    /// starts it) accepts the token that the <c>token</c> command prints with the development key.
    /// </summary>
    [Fact, Backend(StorageProvider.Sqlite)]
    public async Task In_development_the_token_command_prints_a_token_the_silo_accepts()
    {
        var data = Directory.CreateTempSubdirectory("objectstore-silo-").FullName;
        var http = FreePorts.Next();
        var (process, _, started) = StartIn("Development", $"--ObjectStore:DataFolder={data}", $"--Urls=http://127.0.0.1:{http}",
            $"--Cluster:SiloPort={FreePorts.Next()}", $"--Cluster:GatewayPort={FreePorts.Next()}");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            using var tokenCommand = Process.Start(SiloCommand("Development", ["token", "351775001412007"]))!;
            var token = (await tokenCommand.StandardOutput.ReadToEndAsync(deadline.Token)).Trim();
            await tokenCommand.WaitForExitAsync(deadline.Token);
            Assert.Equal(0, tokenCommand.ExitCode);
            await started.WaitAsync(deadline.Token);

            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}") };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.PostAsync("/object/v1/partitions/upsert", new StringContent(
                """{"partitionId":{"name":"MyCalendar","userId":351775001412007}}""", Encoding.UTF8, "application/json"), deadline.Token);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("\"name\":\"MyCalendar\"", await response.Content.ReadAsStringAsync(deadline.Token));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task The_token_command_refuses_a_user_id_that_is_not_positive()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var tokenCommand = Process.Start(SiloCommand("Development", ["token", "0"]))!;
        var errors = await tokenCommand.StandardError.ReadToEndAsync(deadline.Token);
        var output = await tokenCommand.StandardOutput.ReadToEndAsync(deadline.Token);
        await tokenCommand.WaitForExitAsync(deadline.Token);

        Assert.Equal(1, tokenCommand.ExitCode);
        Assert.Contains("user id must be a positive 64-bit integer", errors);
        Assert.Equal("", output.Trim());
    }
}
