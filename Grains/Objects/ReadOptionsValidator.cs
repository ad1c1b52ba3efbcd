using Microsoft.Extensions.Options;

namespace ObjectStore.Objects;

/// <summary>Refuses read settings the store cannot serve, naming each by its key.</summary>
public sealed class ReadOptionsValidator : IValidateOptions<ReadOptions>
{
    private const string Section = ReadOptions.SectionName;
    private static readonly TimeSpan ShortestDeadline = TimeSpan.FromSeconds(1);

    public ValidateOptionsResult Validate(string? name, ReadOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        if (options.CacheBytes < 0)
        {
            result.AddError($"{Section}:{nameof(options.CacheBytes)} must be 0 (no cache) or more, was {options.CacheBytes}.");
        }

        if (options.TransactionReportDeadline < ShortestDeadline)
        {
            result.AddError($"{Section}:{nameof(options.TransactionReportDeadline)} must be at least {ShortestDeadline}, was {options.TransactionReportDeadline}.");
        }

        return result.Build();
    }
}
