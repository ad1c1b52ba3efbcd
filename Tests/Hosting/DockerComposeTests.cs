using ObjectStore.Expiry;
using ObjectStore.Objects;
using ObjectStore.Security;
using ObjectStore.Storage;
using ObjectStore.Silo.Hosting;
using ObjectStore.Silo.Http;
using ObjectStore.Silo.Http.Authentication;
using YamlDotNet.RepresentationModel;

namespace ObjectStore.Tests.Hosting;

/// <summary>
/// No Docker engine runs here, so the compose file is checked for what can go wrong without one: its shape, and
/// that every setting it passes names a real option of the Silo.
/// </summary>
[Kind(TestKind.Unit)]
public sealed class DockerComposeTests
{
    private static readonly YamlMappingNode Services = LoadServices();

    private static YamlMappingNode LoadServices()
    {
        var stream = new YamlStream();
        using var reader = File.OpenText(Path.Combine(AppContext.BaseDirectory, "Deployment", "docker-compose.yml"));
        stream.Load(reader);
        return (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["services"];
    }

    private static YamlMappingNode Service(string name) => (YamlMappingNode)Services[name];

    private static Dictionary<string, string> Environment(string service) =>
        ((YamlMappingNode)Service(service)["environment"]).Children
            .ToDictionary(pair => ((YamlScalarNode)pair.Key).Value!, pair => ((YamlScalarNode)pair.Value).Value!);

    [Fact]
    public void PostgreSQL_15_and_two_silos_of_one_cluster_on_it_with_mutual_tls()
    {
        Assert.Equal("postgres:15", ((YamlScalarNode)Service("postgres")["image"]).Value);
        var silos = new[] { "silo1", "silo2" }.Select(Environment).ToList();

        Assert.All(silos, environment =>
        {
            Assert.Equal("PostgreSql", environment["ObjectStore__Provider"]);
            Assert.Contains("Host=postgres;", environment["ObjectStore__ConnectionString"]);
        });
        Assert.Equal(silos[0]["Cluster__ClusterId"], silos[1]["Cluster__ClusterId"]);
        Assert.All(silos, environment =>
        {
            Assert.StartsWith("/certs/", environment["Cluster__Tls__CertificatePath"]);
            Assert.StartsWith("/certs/", environment["Cluster__Tls__AuthorityPath"]);
            Assert.False(environment.ContainsKey("Cluster__AllowUnauthenticatedGatewayOnPrivateNetwork"));
        });
        Assert.NotEqual(silos[0]["Cluster__AdvertisedHost"], silos[1]["Cluster__AdvertisedHost"]);
    }

    [Theory]
    [InlineData("silo1")]
    [InlineData("silo2")]
    public void Every_setting_names_an_option_the_silo_reads(string service)
    {
        var known = new Dictionary<string, HashSet<string>>
        {
            [StorageOptions.SectionName] = [.. new[] { typeof(StorageOptions), typeof(ObjectLimitsOptions), typeof(ExpiryOptions) }
                .SelectMany(options => options.GetProperties()).Select(property => property.Name)],
            [SiloClusterOptions.SectionName] = [.. typeof(SiloClusterOptions).GetProperties().Select(property => property.Name)],
            [ClusterTlsOptions.SectionName] = [.. typeof(ClusterTlsOptions).GetProperties().Where(property => property.CanWrite).Select(property => property.Name)],
            [JwtOptions.SectionName] = [.. typeof(JwtOptions).GetProperties().Select(property => property.Name)],
            [HttpApiOptions.SectionName] = [.. typeof(HttpApiOptions).GetProperties().Select(property => property.Name)],
        };

        foreach (var key in Environment(service).Keys)
        {
            var parts = key.Split("__");
            var section = string.Join(':', parts[..^1]);
            Assert.True(parts.Length >= 2 && known.TryGetValue(section, out var options) && options.Contains(parts[^1]), $"{service} sets {key}, which no option reads.");
        }
    }

    [Fact]
    public void The_silos_publish_distinct_host_ports()
    {
        var ports = new[] { "silo1", "silo2" }
            .SelectMany(service => ((YamlSequenceNode)Service(service)["ports"]).Children)
            .Select(port => ((YamlScalarNode)port).Value!.Split(':')[0])
            .ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
    }

    /// <summary>
    /// A key written into the compose file would be a key everyone has: the silos take it from a variable that compose
    /// insists on, and with a real key put in its place their token settings are valid.
    /// </summary>
    [Theory]
    [InlineData("silo1")]
    [InlineData("silo2")]
    public void The_signing_key_is_a_required_variable_and_the_token_settings_are_valid_with_one(string service)
    {
        var environment = Environment(service);
        Assert.StartsWith("${OBJECTSTORE_SIGNING_KEY:?", environment["Authentication__SigningKey"]);

        var options = new JwtOptions
        {
            Issuer = Interpolate(environment["Authentication__Issuer"]),
            SigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        };
        Assert.True(new JwtOptionsValidator().Validate(null, options).Succeeded);
    }

    /// <summary>Compose's <c>${NAME:-default}</c> with NAME unset.</summary>
    private static string Interpolate(string value) =>
        System.Text.RegularExpressions.Regex.Replace(value, @"\$\{[A-Z_]+:-([^}]*)\}", match => match.Groups[1].Value);
}
