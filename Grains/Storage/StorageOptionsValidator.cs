using Microsoft.Extensions.Options;

namespace ObjectStore.Storage;

/// <summary>Refuses a database the store cannot open, naming the setting to fix.</summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    private const string Section = StorageOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        if (options.Provider == StorageProvider.PostgreSql && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            result.AddError($"{Section}:{nameof(options.ConnectionString)} is required when {Section}:{nameof(options.Provider)} is PostgreSql (for example \"Host=localhost;Database=objectstore;Username=objectstore;Password=...\").");
        }

        if (options.Provider == StorageProvider.Sqlite && string.IsNullOrWhiteSpace(options.ConnectionString) && string.IsNullOrWhiteSpace(options.DataFolder))
        {
            result.AddError($"{Section}:{nameof(options.DataFolder)} must name a folder for the SQLite database.");
        }

        return result.Build();
    }
}
