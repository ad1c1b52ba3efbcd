using ObjectStore.Storage;
using ObjectStore.Tests.Infrastructure;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace ObjectStore.Tests;

/// <summary>What a test runs on, the value of its <c>Kind</c> trait.</summary>
public enum TestKind
{
    /// <summary>Code called in the test process, no silo (a database when the test has a <see cref="BackendAttribute"/>).</summary>
    Unit,

    /// <summary>An Orleans TestingHost cluster (<see cref="StoreCluster"/>).</summary>
    Cluster,

    /// <summary>The silo host over HTTP on Kestrel (<see cref="HttpSilo"/>).</summary>
    Http,

    /// <summary>The Silo program run as a process.</summary>
    Process,

    /// <summary>The libraries packed with <c>dotnet pack</c>, and programs built from those packages run as processes.</summary>
    Package,
}

/// <summary>
/// The <c>Kind</c> trait: <c>dotnet test --filter Kind=Unit</c>. Every test class carries one (MetaTests check), on the
/// concrete class: xunit does not add a base class's traits to a class that has traits of its own.
/// </summary>
[TraitDiscoverer(TraitDiscoverers.Kind, TraitDiscoverers.Assembly)]
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class KindAttribute(TestKind kind) : Attribute, ITraitAttribute
{
    public TestKind Kind { get; } = kind;
}

/// <summary>
/// The <c>Backend</c> trait, the database a test runs on: <c>dotnet test --filter Backend=PostgreSql</c>. On a class
/// whose tests all use that database, else on each test method that uses one.
/// </summary>
[TraitDiscoverer(TraitDiscoverers.Backend, TraitDiscoverers.Assembly)]
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class BackendAttribute(StorageProvider backend) : Attribute, ITraitAttribute
{
    public StorageProvider Backend { get; } = backend;
}

public static class TraitDiscoverers
{
    public const string Assembly = "ObjectStore.Tests";
    public const string Kind = $"ObjectStore.Tests.{nameof(KindDiscoverer)}";
    public const string Backend = $"ObjectStore.Tests.{nameof(BackendDiscoverer)}";
}

/// <summary>Turns <see cref="KindAttribute"/> into the trait Kind=Unit|Cluster|Http|Process|Package.</summary>
public sealed class KindDiscoverer : ITraitDiscoverer
{
    public IEnumerable<KeyValuePair<string, string>> GetTraits(IAttributeInfo traitAttribute) =>
        [new("Kind", traitAttribute.GetConstructorArguments().Cast<TestKind>().Single().ToString())];
}

/// <summary>Turns <see cref="BackendAttribute"/> into the trait Backend=Sqlite|PostgreSql.</summary>
public sealed class BackendDiscoverer : ITraitDiscoverer
{
    public IEnumerable<KeyValuePair<string, string>> GetTraits(IAttributeInfo traitAttribute) =>
        [new("Backend", traitAttribute.GetConstructorArguments().Cast<StorageProvider>().Single().ToString())];
}
