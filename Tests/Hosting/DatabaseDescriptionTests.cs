using ObjectStore.Hosting;
using ObjectStore.Storage;

namespace ObjectStore.Tests.Hosting;

/// <summary>
/// What the start-up lines say about the database: where the data is, never a password, and a data folder only where the
/// data lives in one (the embedded default), not on PostgreSQL, which keeps nothing there.
/// </summary>
[Kind(TestKind.Unit)]
public sealed class DatabaseDescriptionTests
{
    [Fact]
    public void PostgreSQL_is_named_by_host_database_and_user_without_password_or_data_folder()
    {
        var described = ObjectStoreSiloBuilderExtensions.DescribeDatabase(new StorageOptions
        {
            Provider = StorageProvider.PostgreSql,
            ConnectionString = "Host=db.example;Port=5433;Database=store;Username=silo;Password=hunter2-secret",
        });

        Assert.Equal("PostgreSQL database store on db.example:5433 as silo", described);
    }

    [Fact]
    public void The_embedded_default_names_its_file_and_data_folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "objectstore-described");

        var described = ObjectStoreSiloBuilderExtensions.DescribeDatabase(new StorageOptions { DataFolder = folder });

        Assert.Equal($"SQLite file {Path.Combine(folder, "objectstore.db")} in data folder {folder}", described);
    }

    [Fact]
    public void A_SQLite_file_of_its_own_connection_string_is_named_without_the_unused_data_folder()
    {
        var file = Path.Combine(Path.GetTempPath(), "elsewhere.db");

        var described = ObjectStoreSiloBuilderExtensions.DescribeDatabase(new StorageOptions { ConnectionString = $"Data Source={file}" });

        Assert.Equal($"SQLite file {file}", described);
    }
}
