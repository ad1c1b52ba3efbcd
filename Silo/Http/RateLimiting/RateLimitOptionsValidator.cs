using Microsoft.Extensions.Options;

namespace ObjectStore.Silo.Http.RateLimiting;

/// <summary>Refuses buckets that cannot be built or could never refill, naming each setting by its key.</summary>
public sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    private const string Section = RateLimitOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        foreach (var (limit, limitValue, perPeriod, perPeriodValue) in new[]
        {
            (nameof(options.PerUserTokenLimit), options.PerUserTokenLimit, nameof(options.PerUserTokensPerPeriod), options.PerUserTokensPerPeriod),
            (nameof(options.UnsignedCondensationTokenLimit), options.UnsignedCondensationTokenLimit,
                nameof(options.UnsignedCondensationTokensPerPeriod), options.UnsignedCondensationTokensPerPeriod),
        })
        {
            if (limitValue < 0)
            {
                result.AddError($"{Section}:{limit} must be 0 (off) or a positive number of requests, was {limitValue}.");
            }

            if (perPeriodValue < 1)
            {
                result.AddError($"{Section}:{perPeriod} must be at least 1, so that a throttled caller is let in again, was {perPeriodValue}.");
            }
        }

        if (options.ReplenishmentPeriod < TimeSpan.FromMilliseconds(1) || options.ReplenishmentPeriod > TimeSpan.FromDays(1))
        {
            result.AddError($"{Section}:{nameof(options.ReplenishmentPeriod)} must be between 00:00:00.001 and 1.00:00:00, was {options.ReplenishmentPeriod}.");
        }

        return result.Build();
    }
}
