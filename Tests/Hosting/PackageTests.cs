using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests.Hosting;

/// <summary>
/// What a team gets from <c>dotnet pack</c>: the libraries as packages with their metadata and symbols, from which a
/// project outside this repository builds its own silo hosting the store and a front-end client that uses it.
/// </summary>
[Kind(TestKind.Package)]
public sealed partial class PackageTests
{
    private static readonly string[] Packages = ["ObjectStore.Grains.Interfaces", "ObjectStore.Wire", "ObjectStore.Grains", "ObjectStore.Client"];

    /// <summary>Tests/bin/&lt;configuration&gt;/net10.0/: the libraries were built there with the tests.</summary>
    private static readonly DirectoryInfo Output = new(AppContext.BaseDirectory);

    private static string Repository => Output.Parent!.Parent!.Parent!.Parent!.FullName;

    [Fact, Backend(StorageProvider.Sqlite)]
    public async Task A_team_builds_its_own_silo_and_client_from_the_packages_alone_and_stores_and_reads_an_object()
    {
        var work = Directory.CreateTempSubdirectory("objectstore-packages-");
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        try
        {
            var version = await PackAsync(work, deadline.Token);
            AssertPackagesDescribeThemselves(Path.Combine(work.FullName, "feed"), version);

            var consumer = await BuildConsumerAsync(work, version, deadline.Token);
            await RunConsumerAsync(consumer, work, deadline.Token);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Packs the libraries, as built for the tests, into the folder 'feed'; returns their version.</summary>
    private static async Task<string> PackAsync(DirectoryInfo work, CancellationToken cancellationToken)
    {
        var filter = Path.Combine(work.FullName, "packages.slnf");
        await File.WriteAllTextAsync(filter, JsonSerializer.Serialize(new
        {
            solution = new { path = Path.Combine(Repository, "ObjectStore.sln"), projects = new[] { "Grains.Interfaces/Grains.Interfaces.csproj", "Wire/Wire.csproj", "Grains/Grains.csproj", "Client/Client.csproj" } },
        }), cancellationToken);
        // A version no cache can hold already, so that what the consumer restores is what was just packed.
        var suffix = $"packtest{Guid.NewGuid():N}"[..20];
        await ChildProcess.RunAsync(Dotnet(["pack", filter, "--no-build", "-c", Output.Parent!.Name,
            $"-p:PackageOutputPath={Path.Combine(work.FullName, "feed")}", $"-p:VersionSuffix={suffix}"], work.FullName), cancellationToken);

        var props = XDocument.Load(Path.Combine(Repository, "Directory.Build.props"));
        return $"{props.Descendants("VersionPrefix").Single().Value}-{suffix}";
    }

    private static void AssertPackagesDescribeThemselves(string feed, string version)
    {
        foreach (var package in Packages)
        {
            Assert.True(File.Exists(Path.Combine(feed, $"{package}.{version}.snupkg")), $"{package} has no symbol package.");
            using var archive = ZipFile.OpenRead(Path.Combine(feed, $"{package}.{version}.nupkg"));
            using var nuspec = archive.GetEntry($"{package}.nuspec")!.Open();
            var metadata = XDocument.Load(nuspec).Root!.Elements().Single(element => element.Name.LocalName == "metadata");
            string Field(string name) => metadata.Elements().SingleOrDefault(element => element.Name.LocalName == name)?.Value ?? "";

            Assert.Equal(version, Field("version"));
            Assert.Equal("MIT", Field("license"));
            Assert.Equal("README.md", Field("readme"));
            Assert.NotNull(archive.GetEntry("README.md"));
            Assert.Contains("ObjectStore", Field("description"));
            Assert.Equal("git", metadata.Elements().Single(element => element.Name.LocalName == "repository").Attribute("type")?.Value);
        }
    }

    /// <summary>
    /// Copies the consumer projects (Fixtures/PackageConsumer) out of the repository and builds them with a NuGet
    /// configuration that takes ObjectStore packages from the feed alone and every other package from the machine's
    /// sources, into a packages folder of their own.
    /// </summary>
    private static async Task<string> BuildConsumerAsync(DirectoryInfo work, string version, CancellationToken cancellationToken)
    {
        var consumer = Path.Combine(work.FullName, "consumer");
        CopyFolder(Path.Combine(AppContext.BaseDirectory, "Fixtures", "PackageConsumer"), consumer);

        var sources = SourceName().Matches(await ChildProcess.RunAsync(Dotnet(["nuget", "list", "source"], work.FullName), cancellationToken))
            .Select(match => match.Groups[1].Value).ToList();
        var machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var configuration = new XElement("configuration",
            new XElement("config", Add("globalPackagesFolder", Path.Combine(work.FullName, "packages"))),
            new XElement("fallbackPackageFolders", Add("machine", machinePackages)),
            new XElement("packageSources", Add("objectstore-feed", Path.Combine(work.FullName, "feed"))),
            new XElement("packageSourceMapping",
                new XElement("packageSource", new XAttribute("key", "objectstore-feed"), Pattern("ObjectStore.*")),
                sources.Select(source => new XElement("packageSource", new XAttribute("key", source), Pattern("*")))));
        await File.WriteAllTextAsync(Path.Combine(consumer, "nuget.config"), configuration.ToString(), cancellationToken);

        await ChildProcess.RunAsync(Dotnet(["build", "Consumer.slnx", "-c", "Release", $"-p:ObjectStoreVersion={version}"], consumer), cancellationToken);
        var assets = await File.ReadAllTextAsync(Path.Combine(consumer, "ConsumerSilo", "obj", "project.assets.json"), cancellationToken);
        Assert.Contains($"\"ObjectStore.Grains/{version}\"", assets);
        return consumer;

        static XElement Add(string key, string value) => new("add", new XAttribute("key", key), new XAttribute("value", value));
        static XElement Pattern(string pattern) => new("package", new XAttribute("pattern", pattern));
    }

    /// <summary>Starts the consumer's silo on SQLite, then runs its client, which stores an object and reads it back.</summary>
    private static async Task RunConsumerAsync(string consumer, DirectoryInfo work, CancellationToken cancellationToken)
    {
        var gatewayPort = FreePorts.Next();
        var silo = Dotnet([Path.Combine(consumer, "ConsumerSilo", "bin", "Release", "net10.0", "ConsumerSilo.dll"),
            $"--ObjectStore:DataFolder={Path.Combine(work.FullName, "data")}", $"--SiloPort={FreePorts.Next()}", $"--GatewayPort={gatewayPort}"], consumer);
        silo.RedirectStandardOutput = true;
        silo.RedirectStandardError = true;
        var output = new StringBuilder();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = new Process { StartInfo = silo, EnableRaisingEvents = true };
        void Collect(object _, DataReceivedEventArgs e)
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data?.Contains("Consumer silo started.") == true)
            {
                started.TrySetResult();
            }
        }

        process.OutputDataReceived += Collect;
        process.ErrorDataReceived += Collect;
        process.Exited += (_, _) => started.TrySetException(new InvalidOperationException($"The consumer's silo exited:\n{output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await started.Task.WaitAsync(cancellationToken);
            var client = await ChildProcess.RunAsync(Dotnet([Path.Combine(consumer, "ConsumerClient", "bin", "Release", "net10.0", "ConsumerClient.dll"),
                $"--GatewayPort={gatewayPort}"], consumer), cancellationToken);

            Assert.Contains("\"sortKey\":\"from-a-package\"", client);
            Assert.Contains("\"encryptedPayload\":\"c3RvcmVkIGZyb20gYSBwYWNrYWdl\"", client);
            Assert.True(File.Exists(Path.Combine(work.FullName, "data", "objectstore.db")));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// The dotnet command, without the MSBuild settings that a test run under <c>dotnet test</c> inherits: the
    /// consumer is built as a team would build it, by its own SDK resolution.
    /// </summary>
    private static ProcessStartInfo Dotnet(IEnumerable<string> arguments, string workingDirectory)
    {
        var command = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory };
        foreach (var argument in arguments)
        {
            command.ArgumentList.Add(argument);
        }

        foreach (var inherited in command.Environment.Keys.Where(key => key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            command.Environment.Remove(inherited);
        }

        return command;
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>A source in the output of <c>dotnet nuget list source</c>: "  1.  nuget-name [Enabled]".</summary>
    [GeneratedRegex(@"^\s*\d+\.\s+(.+?) \[Enabled\]", RegexOptions.Multiline)]
    private static partial Regex SourceName();
}
