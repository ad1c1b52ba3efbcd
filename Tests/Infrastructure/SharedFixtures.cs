using ObjectStore.Tests.Condensation;
using ObjectStore.Tests.Infrastructure;

namespace ObjectStore.Tests;

/// <summary>
/// The clusters and silos that test classes share, one of each per test run: a class joins one with
/// <c>[Collection(SharedFixtures.SqliteCluster)]</c> and takes its fixture in its constructor. The classes of a collection
/// run one after another (collections run in parallel), each test in partitions, feeds and accounts of its own.
/// A class that moves the clock far, asserts store-wide counts, needs other settings or kills silos keeps a cluster of
/// its own (an <c>IClassFixture</c>, or one started in the test), and so does a class long enough to hold up the run
/// if its collection ran it after the others (the Condensation SignatureTests).
/// </summary>
public static class SharedFixtures
{
    public const string SqliteCluster = "shared SQLite cluster";
    public const string PostgresCluster = "shared PostgreSQL cluster";
    public const string SqliteHttpSilo = "shared SQLite HTTP silo";
    public const string SqliteCondensation = "shared SQLite Condensation silo";
    public const string PostgresCondensation = "shared PostgreSQL Condensation silo";
}

[CollectionDefinition(SharedFixtures.SqliteCluster)]
public sealed class SqliteClusterCollection : ICollectionFixture<SqliteClusterFixture>;

[CollectionDefinition(SharedFixtures.PostgresCluster)]
public sealed class PostgresClusterCollection : ICollectionFixture<PostgresClusterFixture>;

[CollectionDefinition(SharedFixtures.SqliteHttpSilo)]
public sealed class SqliteHttpSiloCollection : ICollectionFixture<HttpSiloFixture>;

[CollectionDefinition(SharedFixtures.SqliteCondensation)]
public sealed class SqliteCondensationCollection : ICollectionFixture<SqliteCondensationFixture>;

[CollectionDefinition(SharedFixtures.PostgresCondensation)]
public sealed class PostgresCondensationCollection : ICollectionFixture<PostgresCondensationFixture>;
