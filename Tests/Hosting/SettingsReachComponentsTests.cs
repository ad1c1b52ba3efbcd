using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using ObjectStore.Administration;
using ObjectStore.Condensation;
using ObjectStore.Expiry;
using ObjectStore.Feeds;
using ObjectStore.Hosting;
using ObjectStore.Objects;
using ObjectStore.Partitions;
using ObjectStore.Security;
using ObjectStore.Silo.Dashboard;
using ObjectStore.Silo.Hosting;
using ObjectStore.Silo.Http;
using ObjectStore.Silo.Http.Authentication;
using ObjectStore.Silo.Http.RateLimiting;
using ObjectStore.Silo.Telemetry;
using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;
using OpenTelemetry.Trace;
using Orleans.Configuration;

namespace ObjectStore.Tests.Hosting;

/// <summary>
/// Every setting README.md documents, given through configuration to the real host (<see cref="SiloHost.Create"/>, not
/// started), arrives in the options its component reads; and a bad value of each options class stops the host naming its key.
/// </summary>
[Kind(TestKind.Unit)]
public sealed class SettingsReachComponentsTests
{
    private static readonly string SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string PublicKey = RSA.Create(2048).ExportSubjectPublicKeyInfoPem();
    private static readonly string DashboardPassword = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
    private const string JwksUrl = "--Authentication:JwksUrl=https://idp.example/keys.json";
    private static readonly string[] PostgreSql = ["--ObjectStore:Provider=PostgreSql", "--ObjectStore:ConnectionString=Host=db.example;Database=store",
        "--Cluster:AllowUnauthenticatedGatewayOnPrivateNetwork=true"];

    /// <summary>Real certificate files, because the TLS settings are refused when they name files that are not there.</summary>
    private static readonly TestAuthority Authority = TestAuthority.Create("settings-tests");
    private static readonly IssuedCertificate Certificate = Authority.Issue("silo");
    private static readonly string[] Tls = [$"--Cluster:Tls:CertificatePath={Certificate.PemPath}", $"--Cluster:Tls:AuthorityPath={Authority.CertificatePath}"];
    private static readonly string[] TlsFromStore = [$"--Cluster:Tls:CertificateThumbprint={Certificate.Thumbprint}", $"--Cluster:Tls:AuthorityPath={Authority.CertificatePath}"];

    /// <summary>For each documented key: a valid value other than its default, what else it needs, and where it must arrive.</summary>
    private static readonly Dictionary<string, Setting> Settings = new()
    {
        ["ObjectStore:Provider"] = new("PostgreSql", StorageProvider.PostgreSql, services => services.GetRequiredService<StorageDialect>().Provider, PostgreSql),
        ["ObjectStore:ConnectionString"] = new("Data Source=elsewhere.db", "Data Source=elsewhere.db",
            services => services.GetRequiredService<IOptionsMonitor<AdoNetGrainStorageOptions>>().Get(ObjectStoreSiloBuilderExtensions.GrainStorageName).ConnectionString),
        ["ObjectStore:DataFolder"] = new("elsewhere", "elsewhere", services => Options<StorageOptions>(services).DataFolder),
        ["ObjectStore:MaxObjectBytes"] = new("4096", 4096, services => Options<ObjectLimitsOptions>(services).MaxObjectBytes),
        ["ObjectStore:MaxTransactionObjects"] = new("7", 7, services => Options<ObjectLimitsOptions>(services).MaxTransactionObjects),
        ["ObjectStore:Writes:MaxBatchWrites"] = new("32", 32, services => Options<WriteBatchOptions>(services).MaxBatchWrites),
        ["ObjectStore:Writes:MaxBatchBytes"] = new("1048576", 1048576L, services => Options<WriteBatchOptions>(services).MaxBatchBytes),
        ["ObjectStore:Writes:GatherDelay"] = new("00:00:00.007", TimeSpan.FromMilliseconds(7), services => Options<WriteBatchOptions>(services).GatherDelay),
        ["ObjectStore:Administrators:UserIds:0"] = new("42", true, services => Options<AdministratorOptions>(services).IsAdministrator(42)),
        ["ObjectStore:PurgeInterval"] = new("00:07:00", TimeSpan.FromMinutes(7), services => Options<ExpiryOptions>(services).PurgeInterval),
        ["ObjectStore:Feeds:VisibilityTimeout"] = new("00:00:45", TimeSpan.FromSeconds(45), services => Options<FeedOptions>(services).VisibilityTimeout),
        ["ObjectStore:Feeds:MaxAttempts"] = new("7", 7, services => Options<FeedOptions>(services).MaxAttempts),
        ["ObjectStore:Feeds:IdleExpiry"] = new("2.00:00:00", TimeSpan.FromDays(2), services => Options<FeedOptions>(services).IdleExpiry),
        ["ObjectStore:Feeds:CatchUpInterval"] = new("00:00:03", TimeSpan.FromSeconds(3), services => Options<FeedOptions>(services).CatchUpInterval),
        ["ObjectStore:Feeds:BufferSize"] = new("77", 77, services => Options<FeedOptions>(services).BufferSize),
        ["ObjectStore:Feeds:BufferBytes"] = new("1048576", 1048576L, services => Options<FeedOptions>(services).BufferBytes),
        ["ObjectStore:Feeds:MaxFeedsPerUser"] = new("7", 7, services => Options<FeedOptions>(services).MaxFeedsPerUser),
        ["ObjectStore:Feeds:MaxSelections"] = new("7", 7, services => Options<FeedOptions>(services).MaxSelections),
        ["ObjectStore:Reads:CacheBytes"] = new("1048576", 1048576L, services => Options<ReadOptions>(services).CacheBytes),
        ["ObjectStore:Reads:TransactionReportDeadline"] = new("00:00:20", TimeSpan.FromSeconds(20), services => Options<ReadOptions>(services).TransactionReportDeadline),
        ["ObjectStore:Condensation:MaxObjectBytes"] = new("65536", 65536, services => Options<CondensationOptions>(services).MaxObjectBytes),
        ["ObjectStore:Condensation:UnsignedEnvelopeBytes"] = new("2048", 2048, services => Options<CondensationOptions>(services).UnsignedEnvelopeBytes),
        ["ObjectStore:Condensation:UnsignedRequestBytes"] = new("32768", 32768, services => Options<CondensationOptions>(services).UnsignedRequestBytes),
        ["ObjectStore:Condensation:UnsignedEntryLifetime"] = new("2.00:00:00", TimeSpan.FromDays(2), services => Options<CondensationOptions>(services).UnsignedEntryLifetime),
        ["ObjectStore:Condensation:MaxWatch"] = new("00:00:03", TimeSpan.FromSeconds(3), services => Options<CondensationOptions>(services).MaxWatch),
        ["ObjectStore:Condensation:GracePeriod"] = new("00:05:00", TimeSpan.FromMinutes(5), services => Options<CondensationOptions>(services).GracePeriod),
        ["ObjectStore:Condensation:CollectionInterval"] = new("00:05:00", TimeSpan.FromMinutes(5), services => Options<CondensationOptions>(services).CollectionInterval),
        ["Cluster:ClusterId"] = new("elsewhere", "elsewhere", services => Options<ClusterOptions>(services).ClusterId),
        ["Cluster:ServiceId"] = new("elsewhere", "elsewhere", services => Options<ClusterOptions>(services).ServiceId),
        ["Cluster:SiloPort"] = new("21111", 21111, services => Options<EndpointOptions>(services).SiloPort),
        ["Cluster:GatewayPort"] = new("40000", 40000, services => Options<EndpointOptions>(services).GatewayPort),
        ["Cluster:AdvertisedHost"] = new("127.0.0.2", IPAddress.Parse("127.0.0.2"), services => Options<EndpointOptions>(services).AdvertisedIPAddress, PostgreSql),
        ["Cluster:AllowUnauthenticatedGatewayOnPrivateNetwork"] = new("true", true, services => Options<SiloClusterOptions>(services).AllowUnauthenticatedGatewayOnPrivateNetwork),
        ["Cluster:SingleSiloMembershipInterval"] = new("00:20:00", (TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(20)),
            services => (Options<ClusterMembershipOptions>(services).IAmAliveTablePublishTimeout, Options<ClusterMembershipOptions>(services).TableRefreshTimeout)),
        ["Cluster:Tls:CertificatePath"] = new(Certificate.PfxPath, Certificate.PfxPath, services => Options<ClusterTlsOptions>(services).CertificatePath, Tls),
        ["Cluster:Tls:CertificateKeyPath"] = new(Certificate.KeyPath, Certificate.KeyPath, services => Options<ClusterTlsOptions>(services).CertificateKeyPath, Tls),
        ["Cluster:Tls:CertificatePassword"] = new(TestAuthority.Password, TestAuthority.Password, services => Options<ClusterTlsOptions>(services).CertificatePassword, Tls),
        ["Cluster:Tls:CertificateThumbprint"] = new(Certificate.Thumbprint, Certificate.Thumbprint, services => Options<ClusterTlsOptions>(services).CertificateThumbprint, TlsFromStore),
        ["Cluster:Tls:CertificateStoreLocation"] = new("LocalMachine", StoreLocation.LocalMachine, services => Options<ClusterTlsOptions>(services).CertificateStoreLocation, TlsFromStore),
        ["Cluster:Tls:AuthorityPath"] = new(Authority.CertificatePath, Authority.CertificatePath, services => Options<ClusterTlsOptions>(services).AuthorityPath, Tls),
        ["Authentication:Issuer"] = new("elsewhere", "elsewhere", services => Bearer(services).ValidIssuer),
        ["Authentication:SigningKey"] = new(SigningKey, SigningKey,
            services => Convert.ToBase64String(Bearer(services).IssuerSigningKeys.OfType<SymmetricSecurityKey>().Single().Key)),
        ["Authentication:PublicKeys:0"] = new(PublicKey, typeof(RsaSecurityKey), services => Bearer(services).IssuerSigningKeys.Single(key => key is not SymmetricSecurityKey).GetType()),
        ["Authentication:PublicKeys:0:Key"] = new(PublicKey, typeof(RsaSecurityKey), services => Bearer(services).IssuerSigningKeys.Single(key => key is not SymmetricSecurityKey).GetType()),
        ["Authentication:PublicKeys:0:KeyId"] = new("tenant-1", "tenant-1", services => Bearer(services).IssuerSigningKeys.Single(key => key is not SymmetricSecurityKey).KeyId,
            $"--Authentication:PublicKeys:0:Key={PublicKey}"),
        ["Authentication:UserIdClaim"] = new("userId", "userId", services => Bearer(services).NameClaimType),
        ["Authentication:ValidateIssuer"] = new("false", false, services => Bearer(services).ValidateIssuer, "--Authentication:Issuer="),
        ["Authentication:Authority"] = new("https://login.example/realm", "https://login.example/realm/.well-known/openid-configuration",
            services => KeyFetcher(services).MetadataAddress),
        ["Authentication:JwksUrl"] = new("https://idp.example/keys.json", "https://idp.example/keys.json", services => KeyFetcher(services).MetadataAddress),
        ["Authentication:AllowHttpOnLoopback"] = new("true", "http://127.0.0.1:5099/keys.json", services => KeyFetcher(services).MetadataAddress,
            "--Authentication:JwksUrl=http://127.0.0.1:5099/keys.json"),
        ["Authentication:KeyRefreshInterval"] = new("1.00:00:00", TimeSpan.FromDays(1), services => KeyFetcher(services).AutomaticRefreshInterval, JwksUrl),
        ["Authentication:MinimumKeyRefreshInterval"] = new("00:00:10", TimeSpan.FromSeconds(10), services => KeyFetcher(services).RefreshInterval, JwksUrl),
        ["Authentication:Audience"] = new("elsewhere", "elsewhere", services => Bearer(services).ValidAudience),
        ["Authentication:ClockSkew"] = new("00:01:00", TimeSpan.FromMinutes(1), services => Bearer(services).ClockSkew),
        ["Authentication:TokenLifetime"] = new("00:10:00", TimeSpan.FromMinutes(10), services => Options<JwtOptions>(services).TokenLifetime),
        ["Http:MaxRequestBytes"] = new("65536", 65536L, services => Options<HttpApiOptions>(services).MaxRequestBytes),
        ["Http:MaxTransactionRequestBytes"] = new("65536", 65536L, services => Options<HttpApiOptions>(services).MaxTransactionRequestBytes),
        ["RateLimits:PerUserTokenLimit"] = new("77", 77, services => Options<RateLimitOptions>(services).PerUserTokenLimit),
        ["RateLimits:PerUserTokensPerPeriod"] = new("7", 7, services => Options<RateLimitOptions>(services).PerUserTokensPerPeriod),
        ["RateLimits:UnsignedCondensationTokenLimit"] = new("0", 0, services => Options<RateLimitOptions>(services).UnsignedCondensationTokenLimit),
        ["RateLimits:UnsignedCondensationTokensPerPeriod"] = new("7", 7, services => Options<RateLimitOptions>(services).UnsignedCondensationTokensPerPeriod),
        ["RateLimits:ReplenishmentPeriod"] = new("00:00:05", TimeSpan.FromSeconds(5), services => Options<RateLimitOptions>(services).ReplenishmentPeriod),
        ["Shutdown:Timeout"] = new("00:00:07", TimeSpan.FromSeconds(7), services => Options<HostOptions>(services).ShutdownTimeout),
        ["Logging:Console:FormatterName"] = new("json", "json", services => services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName),
        ["Dashboard:Enabled"] = new("true", true, services => Options<SiloDashboardOptions>(services).Enabled),
        ["Dashboard:Path"] = new("/operations", "/operations", services => Options<SiloDashboardOptions>(services).Path),
        ["Dashboard:UserName"] = new("operator", "operator", services => Options<SiloDashboardOptions>(services).UserName, $"--Dashboard:Password={DashboardPassword}"),
        ["Dashboard:Password"] = new(DashboardPassword, DashboardPassword, services => Options<SiloDashboardOptions>(services).Password),
        ["Dashboard:FailedSignInsPerMinute"] = new("3", 3, services => Options<SiloDashboardOptions>(services).FailedSignInsPerMinute),
        ["Telemetry:PrometheusPath"] = new("/scrape", "/scrape", services => Options<TelemetryOptions>(services).PrometheusPath),
        ["Telemetry:PrometheusRequiresAdministrator"] = new("false", false, services => Options<TelemetryOptions>(services).PrometheusRequiresAdministrator),
        // Without an OTLP endpoint nothing listens for spans; with one, the silo has a tracer provider that exports them.
        ["Telemetry:OtlpEndpoint"] = new("http://collector.example:4317", true, services => services.GetService<TracerProvider>() is not null),
    };

    /// <summary>ASP.NET Core's own, not the store's (ListeningAddressesTests and the Silo process tests check them).</summary>
    private static readonly string[] HostSettings = ["Urls", "Kestrel:Endpoints"];

    public static TheoryData<string> DocumentedSettings() => [.. DocumentedKeys().Except(HostSettings)];

    [Fact]
    public void Every_documented_setting_has_a_destination_here_and_none_is_undocumented()
    {
        Assert.Equal(DocumentedKeys().Except(HostSettings).Order(), Settings.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(DocumentedSettings))]
    public async Task A_documented_setting_reaches_the_component_it_configures(string key)
    {
        var setting = Settings[key];
        await using var app = Create([.. setting.Needs, $"--{key}={setting.Value}"]);

        Assert.Equal(setting.Expected, setting.Read(app.Services));
    }

    [Theory]
    [InlineData("ObjectStore:Provider", "Oracle", "ObjectStore:Provider must be Sqlite or PostgreSql")]
    [InlineData("ObjectStore:ConnectionString", "", "ObjectStore:ConnectionString is required when ObjectStore:Provider is PostgreSql", "--ObjectStore:Provider=PostgreSql")]
    [InlineData("ObjectStore:MaxTransactionObjects", "0", "ObjectStore:MaxTransactionObjects must be between 1 and 10000")]
    [InlineData("ObjectStore:Writes:MaxBatchWrites", "0", "ObjectStore:Writes:MaxBatchWrites must be between 1 and 10000")]
    [InlineData("ObjectStore:Writes:MaxBatchBytes", "1024", "ObjectStore:Writes:MaxBatchBytes must be between 65536 and 1073741824")]
    [InlineData("ObjectStore:Writes:GatherDelay", "00:00:02", "ObjectStore:Writes:GatherDelay must be between 00:00:00 and 00:00:01")]
    [InlineData("ObjectStore:PurgeInterval", "00:00:10", "ObjectStore:PurgeInterval must be at least 00:01:00")]
    [InlineData("ObjectStore:Feeds:MaxAttempts", "0", "ObjectStore:Feeds:MaxAttempts must be between 1 and 1000")]
    [InlineData("ObjectStore:Feeds:BufferBytes", "1024", "ObjectStore:Feeds:BufferBytes must be between 65536 and 1073741824")]
    [InlineData("ObjectStore:Administrators:UserIds:0", "-3", "ObjectStore:Administrators:UserIds:0 must be a positive user id")]
    [InlineData("ObjectStore:Reads:CacheBytes", "-1", "ObjectStore:Reads:CacheBytes must be 0 (no cache) or more")]
    [InlineData("ObjectStore:Reads:TransactionReportDeadline", "00:00:00", "ObjectStore:Reads:TransactionReportDeadline must be at least 00:00:01")]
    [InlineData("ObjectStore:Condensation:MaxWatch", "01:00:00", "ObjectStore:Condensation:MaxWatch must be between")]
    [InlineData("Cluster:SiloPort", "70000", "Cluster:SiloPort must be a TCP port (1-65535)")]
    [InlineData("Cluster:SingleSiloMembershipInterval", "00:00:05", "Cluster:SingleSiloMembershipInterval must be between 00:01:00 and 1.00:00:00")]
    [InlineData("Cluster:AllowUnauthenticatedGatewayOnPrivateNetwork", "false", "Cluster:Tls:CertificatePath (or Cluster:Tls:CertificateThumbprint) and Cluster:Tls:AuthorityPath are required for a PostgreSQL cluster",
        "--ObjectStore:Provider=PostgreSql", "--ObjectStore:ConnectionString=Host=db.example;Database=store")]
    [InlineData("Cluster:Tls:CertificatePath", "no-such-silo.pfx", "Cluster:Tls:CertificatePath names a file that does not exist")]
    [InlineData("Cluster:Tls:AuthorityPath", "no-such-authority.pem", "Cluster:Tls:CertificatePath or Cluster:Tls:CertificateThumbprint is required when other Cluster:Tls settings are given")]
    [InlineData("Authentication:ClockSkew", "01:00:00", "Authentication:ClockSkew must be between 0 and 00:10:00")]
    [InlineData("Http:MaxRequestBytes", "10", "Http:MaxRequestBytes must be between 1024")]
    [InlineData("ObjectStore:Condensation:UnsignedRequestBytes", "10", "ObjectStore:Condensation:UnsignedRequestBytes must be at least 100")]
    [InlineData("RateLimits:UnsignedCondensationTokensPerPeriod", "0", "RateLimits:UnsignedCondensationTokensPerPeriod must be at least 1")]
    [InlineData("Shutdown:Timeout", "00:00:00", "Shutdown:Timeout must be between 00:00:01 and 00:10:00")]
    [InlineData("Dashboard:Enabled", "true", "Dashboard:Enabled is true and the silo listens on http://0.0.0.0:5080, which is not loopback only", "--Urls=http://0.0.0.0:5080")]
    [InlineData("Dashboard:Enabled", "true", "Dashboard:Enabled is true and the silo listens on http://*:8080", "--Urls=http://127.0.0.1:5080;http://*:8080")]
    [InlineData("Dashboard:Password", "too-short", "Dashboard:Password must be at least 16 characters long")]
    [InlineData("Dashboard:Enabled", "true", "Dashboard:Enabled is true and the silo listens on https://0.0.0.0:8443", "--Kestrel:Endpoints:Public:Url=https://0.0.0.0:8443")]
    [InlineData("Dashboard:FailedSignInsPerMinute", "0", "Dashboard:FailedSignInsPerMinute must be between 1 and 1000")]
    [InlineData("Dashboard:Path", "/object/v1/dashboard", "Dashboard:Path must start with '/', not end with one, and not be under")]
    [InlineData("Telemetry:PrometheusPath", "metrics", "Telemetry:PrometheusPath must be empty (no endpoint) or a path")]
    [InlineData("Telemetry:PrometheusPath", "/health/metrics", "Telemetry:PrometheusPath /health/metrics lies under /health")]
    [InlineData("Telemetry:OtlpEndpoint", "ftp://collector.example", "Telemetry:OtlpEndpoint must be an http or https address")]
    public void A_bad_setting_stops_the_host_naming_its_key_and_what_is_allowed(string key, string value, string message, params string[] needs)
    {
        var error = Assert.ThrowsAny<Exception>(() => Create([.. needs, $"--{key}={value}"]));

        var failures = error switch
        {
            OptionsValidationException invalid => invalid.Failures,
            AggregateException all => all.InnerExceptions.Cast<OptionsValidationException>().SelectMany(invalid => invalid.Failures),
            _ => throw error,
        };
        Assert.Contains(failures, failure => failure.StartsWith(message, StringComparison.Ordinal));
    }

    private static IEnumerable<string> DocumentedKeys() => ReadmeSettings.Keys();

    private static WebApplication Create(string[] settings) => SiloHost.Create(
    [
        "--Authentication:Issuer=tests",
        $"--Authentication:SigningKey={SigningKey}",
        $"--ObjectStore:DataFolder={Path.GetTempPath()}",
        .. settings,
    ]);

    private static T Options<T>(IServiceProvider services) where T : class => services.GetRequiredService<IOptions<T>>().Value;

    private static TokenValidationParameters Bearer(IServiceProvider services) =>
        services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme).TokenValidationParameters;

    private static ConfigurationManager<OpenIdConnectConfiguration> KeyFetcher(IServiceProvider services) =>
        Assert.IsType<ConfigurationManager<OpenIdConnectConfiguration>>(
            services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme).ConfigurationManager);

    private sealed record Setting(string Value, object Expected, Func<IServiceProvider, object?> Read, params string[] Needs);
}
