using System.Reflection;
using ObjectStore.Storage;
using ObjectStore.Tests.Condensation;
using ObjectStore.Tests.Infrastructure;
using Xunit.Sdk;

namespace ObjectStore.Tests;

/// <summary>
/// Every test carries the traits that CI and <c>dotnet test --filter</c> select by, read as xunit itself reads them (a
/// test case's traits), so that no PostgreSQL test slips out of CI's count and no test out of a Kind.
/// </summary>
[Kind(TestKind.Unit)]
public sealed class TraitTests
{
    /// <summary>
    /// The database each fixture runs on. A test class that takes a fixture not listed here fails
    /// <see cref="A_test_class_with_a_fixture_has_the_fixtures_backend"/>: add the fixture, with its backend.
    /// </summary>
    private static readonly Dictionary<Type, StorageProvider> FixtureBackends = new()
    {
        [typeof(SqliteClusterFixture)] = StorageProvider.Sqlite,
        [typeof(PostgresClusterFixture)] = StorageProvider.PostgreSql,
        [typeof(HttpSiloFixture)] = StorageProvider.Sqlite,
        [typeof(Sequences.SqliteFirehoseFixture)] = StorageProvider.Sqlite,
        [typeof(Sequences.PostgresFirehoseFixture)] = StorageProvider.PostgreSql,
        [typeof(SqliteCondensationFixture)] = StorageProvider.Sqlite,
        [typeof(PostgresCondensationFixture)] = StorageProvider.PostgreSql,
        [typeof(FrozenClockCondensationFixture)] = StorageProvider.Sqlite,
        [typeof(Http.RateLimitTests.TinyLimitsSilo)] = StorageProvider.Sqlite,
        [typeof(Hosting.GatewayTlsTests.TlsSiloFixture)] = StorageProvider.Sqlite,
        [typeof(Feeds.FeedNoticeTests.NoCatchUpCluster)] = StorageProvider.Sqlite,
        [typeof(Feeds.SqliteTwoSiloFixture)] = StorageProvider.Sqlite,
        [typeof(Feeds.PostgresTwoSiloFixture)] = StorageProvider.PostgreSql,
        [typeof(Http.TenantTokenTests.TenantSilo)] = StorageProvider.Sqlite,
        [typeof(Http.AuthorityTokenTests.AuthoritySilo)] = StorageProvider.Sqlite,
        [typeof(Http.RequestLogTests.LoggedSilo)] = StorageProvider.Sqlite,
        [typeof(Hosting.DashboardTests.DashboardSilo)] = StorageProvider.Sqlite,
        [typeof(Hosting.DashboardOnLoopbackTests.OpenLocallySilo)] = StorageProvider.Sqlite,
        [typeof(Cli.CliMigrationTests.Stores)] = StorageProvider.PostgreSql,
    };

    private static readonly Type[] TestClasses =
        [.. typeof(TraitTests).Assembly.GetTypes().Where(type => type is { IsClass: true, IsAbstract: false } && TestMethods(type).Any())];

    [Fact]
    public void Every_test_has_one_kind_and_at_most_one_backend()
    {
        var missing = (from type in TestClasses
                       from method in TestMethods(type)
                       let traits = Traits(type, method)
                       where traits.GetValueOrDefault("Kind")?.Count != 1 || traits.GetValueOrDefault("Backend")?.Count > 1
                       select $"{type.Name}.{method.Name}").ToList();

        Assert.Contains(typeof(TraitTests), TestClasses);
        Assert.True(missing.Count == 0, $"Without one [Kind] (on the concrete class) or with two backends: {string.Join(", ", missing)}");
    }

    [Fact]
    public void A_test_class_with_a_fixture_has_the_fixtures_backend()
    {
        var wrong = new List<string>();
        foreach (var type in TestClasses)
        {
            foreach (var fixture in type.GetConstructors().SelectMany(constructor => constructor.GetParameters()).Select(parameter => parameter.ParameterType))
            {
                if (!FixtureBackends.TryGetValue(fixture, out var backend))
                {
                    wrong.Add($"{type.Name} takes {fixture.Name}, which {nameof(FixtureBackends)} does not list");
                    continue;
                }

                wrong.AddRange(TestMethods(type)
                    .Where(method => Traits(type, method).GetValueOrDefault("Backend") is not [var value] || value != backend.ToString())
                    .Select(method => $"{type.Name}.{method.Name} runs on {fixture.Name} without Backend={backend}"));
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void No_theory_runs_its_rows_on_different_backends()
    {
        var theories = (from type in TestClasses
                        from method in TestMethods(type)
                        where method.GetCustomAttributes<InlineDataAttribute>().Any(data => data.GetData(method).Any(row => row.OfType<StorageProvider>().Any()))
                        select $"{type.Name}.{method.Name}").ToList();

        Assert.True(theories.Count == 0, $"xunit v2 gives every row of a theory the same traits; make a fact per backend: {string.Join(", ", theories)}");
    }

    private static IEnumerable<MethodInfo> TestMethods(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
            .Where(method => method.IsDefined(typeof(FactAttribute), inherit: true));

    /// <summary>The traits of a test case as xunit computes them at discovery, from the method and its class.</summary>
    private static Dictionary<string, List<string>> Traits(Type type, MethodInfo method)
    {
        var collection = new TestCollection(new TestAssembly(Reflector.Wrap(type.Assembly)), collectionDefinition: null, displayName: "traits");
        var testMethod = new TestMethod(new TestClass(collection, Reflector.Wrap(type)), Reflector.Wrap(method));
        return new XunitTestCase(new NullMessageSink(), TestMethodDisplay.ClassAndMethod, TestMethodDisplayOptions.None, testMethod).Traits;
    }
}
