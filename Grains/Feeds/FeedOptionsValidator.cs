using Microsoft.Extensions.Options;

namespace ObjectStore.Feeds;

/// <summary>Refuses feed settings that would make delivery stall or run away, naming each by its key.</summary>
public sealed class FeedOptionsValidator : IValidateOptions<FeedOptions>
{
    private const string Section = FeedOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, FeedOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        if (options.VisibilityTimeout < TimeSpan.FromSeconds(1) || options.VisibilityTimeout > TimeSpan.FromHours(12))
        {
            result.AddError($"{Section}:{nameof(options.VisibilityTimeout)} must be between 00:00:01 and 12:00:00, was {options.VisibilityTimeout}.");
        }

        if (options.MaxAttempts is < 1 or > 1000)
        {
            result.AddError($"{Section}:{nameof(options.MaxAttempts)} must be between 1 and 1000, was {options.MaxAttempts}.");
        }

        if (options.IdleExpiry < TimeSpan.FromMinutes(1))
        {
            result.AddError($"{Section}:{nameof(options.IdleExpiry)} must be at least 00:01:00, was {options.IdleExpiry}.");
        }

        if (options.CatchUpInterval < TimeSpan.FromMilliseconds(100) || options.CatchUpInterval > TimeSpan.FromHours(1))
        {
            result.AddError($"{Section}:{nameof(options.CatchUpInterval)} must be between 00:00:00.1 and 01:00:00, was {options.CatchUpInterval}.");
        }

        if (options.BufferSize is < 10 or > 100_000)
        {
            result.AddError($"{Section}:{nameof(options.BufferSize)} must be between 10 and 100000, was {options.BufferSize}.");
        }

        if (options.BufferBytes is < 64 * 1024 or > 1024L * 1024 * 1024)
        {
            result.AddError($"{Section}:{nameof(options.BufferBytes)} must be between 65536 and 1073741824, was {options.BufferBytes}.");
        }

        if (options.MaxFeedsPerUser is < 1 or > 100_000)
        {
            result.AddError($"{Section}:{nameof(options.MaxFeedsPerUser)} must be between 1 and 100000, was {options.MaxFeedsPerUser}.");
        }

        if (options.MaxSelections is < 1 or > 1000)
        {
            result.AddError($"{Section}:{nameof(options.MaxSelections)} must be between 1 and 1000, was {options.MaxSelections}.");
        }

        return result.Build();
    }
}
