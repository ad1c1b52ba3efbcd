using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using ObjectStore.Silo.Hosting;
using ObjectStore.Silo.Http;
using ObjectStore.Silo.Http.Authentication;
using ObjectStore.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace ObjectStore.Tests.Hosting;

/// <summary>
/// No Kubernetes runs here, so deploy/kubernetes is checked for what a cluster would refuse or get wrong: each document
/// parses as the kind it says, the selectors find the silos' pods, the probes and ports are the silo's, and every
/// setting the manifests give is one the store documents.
/// </summary>
[Kind(TestKind.Unit)]
public sealed class KubernetesManifestTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Deployment", "kubernetes");

    private static readonly Dictionary<string, YamlMappingNode> Documents = Directory.GetFiles(Folder, "*.yaml")
        .SelectMany(Load)
        .ToDictionary(document => $"{Scalar(document, "kind")}/{(document.Children.ContainsKey("metadata") ? Scalar(document, "metadata", "name") : "")}");

    private static readonly Dictionary<string, string> ApiVersions = new()
    {
        ["Kustomization"] = "kustomize.config.k8s.io/v1beta1",
        ["ConfigMap"] = "v1",
        ["Secret"] = "v1",
        ["Service"] = "v1",
        ["Deployment"] = "apps/v1",
        ["PodDisruptionBudget"] = "policy/v1",
        ["NetworkPolicy"] = "networking.k8s.io/v1",
    };

    /// <summary>ASP.NET Core's own settings, which the store reads through the host rather than options of its own.</summary>
    private static readonly string[] HostSettings = ["Urls", "ASPNETCORE_URLS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT"];

    private static YamlMappingNode Deployment => Documents["Deployment/objectstore-silo"];

    private static YamlMappingNode PodTemplate => Mapping(Deployment, "spec", "template");

    private static YamlMappingNode Container => (YamlMappingNode)Sequence(PodTemplate, "spec", "containers").Single();

    private static Dictionary<string, string> ConfigMap => Pairs(Mapping(Documents["ConfigMap/objectstore"], "data"));

    [Fact]
    public void Every_document_is_a_kind_the_cluster_knows_at_its_api_version_and_the_kustomization_applies_every_file()
    {
        Assert.All(Documents.Values, document => Assert.Equal(ApiVersions[Scalar(document, "kind")], Scalar(document, "apiVersion")));
        Assert.Equal(ApiVersions.Keys.Order(), Documents.Values.Select(document => Scalar(document, "kind")).Distinct().Order());

        var resources = Sequence(Documents["Kustomization/"], "resources").Select(resource => ((YamlScalarNode)resource).Value!);
        Assert.Equal(Directory.GetFiles(Folder, "*.yaml").Select(Path.GetFileName).Where(file => file != "kustomization.yaml").Order(), resources.Order());
    }

    [Fact]
    public void Every_selector_finds_the_silos_pods()
    {
        var podLabels = Pairs(Mapping(PodTemplate, "metadata", "labels"));
        var selectors = new[]
        {
            Mapping(Deployment, "spec", "selector", "matchLabels"),
            Mapping(Documents["Service/objectstore"], "spec", "selector"),
            Mapping(Documents["PodDisruptionBudget/objectstore-silo"], "spec", "selector", "matchLabels"),
            Mapping(Documents["NetworkPolicy/objectstore-silo"], "spec", "podSelector", "matchLabels"),
        }.Concat(Sequence(PodTemplate, "spec", "topologySpreadConstraints").Cast<YamlMappingNode>().Select(spread => Mapping(spread, "labelSelector", "matchLabels")))
            .Select(Pairs).ToList();

        Assert.All(selectors, selector => Assert.NotEmpty(selector));
        Assert.All(selectors, selector => Assert.All(selector, label => Assert.Equal(label.Value, podLabels.GetValueOrDefault(label.Key))));
    }

    [Fact]
    public async Task The_probes_ask_the_silo_at_the_health_paths_it_serves_on_its_http_port()
    {
        await using var silo = SiloHost.Create(["--Authentication:Issuer=tests", $"--Authentication:SigningKey={Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}",
            $"--ObjectStore:DataFolder={Directory.CreateTempSubdirectory("objectstore-manifest-").FullName}"]);
        var served = ((IEndpointRouteBuilder)silo).DataSources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
            .Select(endpoint => "/" + endpoint.RoutePattern.RawText!.TrimStart('/')).ToHashSet();

        var probes = new[] { "startupProbe", "livenessProbe", "readinessProbe" }.ToDictionary(probe => probe, probe => Mapping(Container, probe, "httpGet"));

        Assert.All(probes.Values, probe => Assert.Equal("http", Scalar(probe, "port")));
        Assert.Equal(HealthChecks.StartupPath, Scalar(probes["startupProbe"], "path"));
        Assert.Equal(HealthChecks.LivePath, Scalar(probes["livenessProbe"], "path"));
        Assert.Equal(HealthChecks.ReadyPath, Scalar(probes["readinessProbe"], "path"));
        Assert.Contains(HealthChecks.StartupPath, served);
        Assert.Contains(HealthChecks.LivePath, served);
        Assert.Contains(HealthChecks.ReadyPath, served);
    }

    [Fact]
    public void The_container_ports_are_those_the_settings_give_and_the_service_exposes_http_alone()
    {
        var ports = Sequence(Container, "ports").Cast<YamlMappingNode>().ToDictionary(port => Scalar(port, "name"), port => int.Parse(Scalar(port, "containerPort")));

        Assert.Equal(new Uri(ConfigMap["Urls"].Replace("+", "localhost", StringComparison.Ordinal)).Port, ports["http"]);
        Assert.Equal(int.Parse(ConfigMap["Cluster__SiloPort"]), ports["silo"]);
        Assert.Equal(int.Parse(ConfigMap["Cluster__GatewayPort"]), ports["gateway"]);

        var servicePorts = Sequence(Documents["Service/objectstore"], "spec", "ports").Cast<YamlMappingNode>().ToList();
        Assert.Equal(["http"], servicePorts.Select(port => Scalar(port, "targetPort")));
        string[] orleansPorts = [ConfigMap["Cluster__SiloPort"], ConfigMap["Cluster__GatewayPort"]];
        Assert.DoesNotContain(servicePorts, port => orleansPorts.Contains(Scalar(port, "port")));
    }

    [Fact]
    public void The_silo_and_gateway_ports_admit_only_the_silos_and_labelled_clients()
    {
        var rules = Sequence(Documents["NetworkPolicy/objectstore-silo"], "spec", "ingress").Cast<YamlMappingNode>()
            .Select(rule => (From: rule.Children.ContainsKey("from") ? Sequence(rule, "from").Cast<YamlMappingNode>().ToList() : null,
                Ports: Sequence(rule, "ports").Cast<YamlMappingNode>().Select(port => Scalar(port, "port")).ToList()))
            .ToList();
        var podLabels = Pairs(Mapping(PodTemplate, "metadata", "labels"));

        Assert.Equal(["http"], rules.Where(rule => rule.From is null).SelectMany(rule => rule.Ports));
        Assert.All(rules.Where(rule => rule.Ports.Contains("silo")), rule => Assert.All(rule.From!,
            peer => Assert.All(Pairs(Mapping(peer, "podSelector", "matchLabels")), label => Assert.Equal(label.Value, podLabels.GetValueOrDefault(label.Key)))));
        Assert.Contains(rules, rule => rule.Ports.Contains("gateway") && rule.From!.Any(peer => peer.Children.ContainsKey("podSelector")));
    }

    [Fact]
    public void Each_silo_advertises_its_pod_address_and_presents_the_mounted_cluster_certificate()
    {
        var advertised = Sequence(Container, "env").Cast<YamlMappingNode>().Single(variable => Scalar(variable, "name") == "Cluster__AdvertisedHost");
        Assert.Equal("status.podIP", Scalar(advertised, "valueFrom", "fieldRef", "fieldPath"));

        var mount = Sequence(Container, "volumeMounts").Cast<YamlMappingNode>().Single(volume => Scalar(volume, "name") == "cluster-tls");
        var volume = Sequence(PodTemplate, "spec", "volumes").Cast<YamlMappingNode>().Single(volume => Scalar(volume, "name") == "cluster-tls");
        Assert.Equal("true", Scalar(mount, "readOnly"));
        Assert.Equal("objectstore-cluster-tls", Scalar(volume, "secret", "secretName"));
        Assert.All(new[] { "Cluster__Tls__CertificatePath", "Cluster__Tls__CertificateKeyPath", "Cluster__Tls__AuthorityPath" },
            key => Assert.StartsWith(Scalar(mount, "mountPath") + "/", ConfigMap[key]));
        Assert.False(ConfigMap.ContainsKey("Cluster__AllowUnauthenticatedGatewayOnPrivateNetwork"));
    }

    [Fact]
    public void Every_setting_the_manifests_give_is_one_the_store_documents_and_the_secret_ones_come_from_the_secret()
    {
        var secret = Pairs(Mapping(Documents["Secret/objectstore"], "stringData"));
        var variables = Sequence(Container, "env").Cast<YamlMappingNode>().Select(variable => Scalar(variable, "name"));
        var sources = Sequence(Container, "envFrom").Cast<YamlMappingNode>().Select(source => source.Children.Keys.Cast<YamlScalarNode>().Single().Value).ToList();
        var documented = ReadmeSettings.Keys().Concat(HostSettings).ToHashSet();

        Assert.Equal(["configMapRef", "secretRef"], sources);
        Assert.All(ConfigMap.Keys.Concat(secret.Keys).Concat(variables), key => Assert.True(documented.Contains(key.Replace("__", ":", StringComparison.Ordinal)) || HostSettings.Contains(key),
            $"{key} is no setting README.md's Configuration table documents."));
        Assert.Equal(["Authentication__SigningKey", "ObjectStore__ConnectionString"], secret.Keys.Order());
        Assert.DoesNotContain(ConfigMap.Keys, secret.ContainsKey);
    }

    /// <summary>The Secret in the repository holds placeholders: a silo given them unchanged refuses to start.</summary>
    [Fact]
    public void The_placeholder_signing_key_is_refused()
    {
        var secret = Pairs(Mapping(Documents["Secret/objectstore"], "stringData"));
        var options = new JwtOptions { Issuer = ConfigMap["Authentication__Issuer"], SigningKey = secret["Authentication__SigningKey"] };

        Assert.True(new JwtOptionsValidator().Validate(null, options).Failed);
    }

    private static IEnumerable<YamlMappingNode> Load(string path)
    {
        var stream = new YamlStream();
        using var reader = File.OpenText(path);
        stream.Load(reader);
        return stream.Documents.Select(document => (YamlMappingNode)document.RootNode);
    }

    private static YamlNode Node(YamlMappingNode node, params string[] path) =>
        path.Aggregate((YamlNode)node, (current, key) => ((YamlMappingNode)current)[key]);

    private static YamlMappingNode Mapping(YamlMappingNode node, params string[] path) => (YamlMappingNode)Node(node, path);

    private static YamlSequenceNode Sequence(YamlMappingNode node, params string[] path) => (YamlSequenceNode)Node(node, path);

    private static string Scalar(YamlMappingNode node, params string[] path) => ((YamlScalarNode)Node(node, path)).Value!;

    private static Dictionary<string, string> Pairs(YamlMappingNode node) =>
        node.Children.ToDictionary(pair => ((YamlScalarNode)pair.Key).Value!, pair => ((YamlScalarNode)pair.Value).Value!);
}
