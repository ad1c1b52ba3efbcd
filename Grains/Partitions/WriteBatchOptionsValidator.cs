using Microsoft.Extensions.Options;

namespace ObjectStore.Partitions;

/// <summary>Refuses batch bounds that would make no sense, naming each by its key.</summary>
public sealed class WriteBatchOptionsValidator : IValidateOptions<WriteBatchOptions>
{
    private const string Section = WriteBatchOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, WriteBatchOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        if (options.MaxBatchWrites is < 1 or > 10_000)
        {
            result.AddError($"{Section}:{nameof(options.MaxBatchWrites)} must be between 1 and 10000, was {options.MaxBatchWrites}.");
        }

        if (options.MaxBatchBytes is < 64 * 1024 or > 1024L * 1024 * 1024)
        {
            result.AddError($"{Section}:{nameof(options.MaxBatchBytes)} must be between 65536 and 1073741824, was {options.MaxBatchBytes}.");
        }

        if (options.GatherDelay < TimeSpan.Zero || options.GatherDelay > TimeSpan.FromSeconds(1))
        {
            result.AddError($"{Section}:{nameof(options.GatherDelay)} must be between 00:00:00 and 00:00:01, was {options.GatherDelay}.");
        }

        return result.Build();
    }
}
