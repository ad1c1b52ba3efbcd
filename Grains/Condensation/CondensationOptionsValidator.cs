using Microsoft.Extensions.Options;

namespace ObjectStore.Condensation;

/// <summary>Refuses Condensation settings outside what the protocol and Orleans allow, naming each by its key.</summary>
public sealed class CondensationOptionsValidator : IValidateOptions<CondensationOptions>
{
    private const string Section = CondensationOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, CondensationOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        if (options.MaxObjectBytes is < 1024 or > 256 * 1024 * 1024)
        {
            result.AddError($"{Section}:{nameof(options.MaxObjectBytes)} must be between 1024 and 268435456, was {options.MaxObjectBytes}.");
        }

        if (options.UnsignedEnvelopeBytes < 100 || options.UnsignedEnvelopeBytes > options.MaxObjectBytes)
        {
            result.AddError($"{Section}:{nameof(options.UnsignedEnvelopeBytes)} must be between 100 and MaxObjectBytes ({options.MaxObjectBytes}), was {options.UnsignedEnvelopeBytes}.");
        }

        // Not tied to the other limits: below UnsignedEnvelopeBytes it bounds unsigned envelopes too, above MaxObjectBytes
        // the body limit binds first.
        if (options.UnsignedRequestBytes < 100)
        {
            result.AddError($"{Section}:{nameof(options.UnsignedRequestBytes)} must be at least 100, room for an envelope, was {options.UnsignedRequestBytes}.");
        }

        if (options.UnsignedEntryLifetime < TimeSpan.FromMinutes(1))
        {
            result.AddError($"{Section}:{nameof(options.UnsignedEntryLifetime)} must be at least 00:01:00, so that the recipient can see a message, was {options.UnsignedEntryLifetime}.");
        }

        if (options.MaxWatch < TimeSpan.Zero || options.MaxWatch > TimeSpan.FromSeconds(25))
        {
            result.AddError($"{Section}:{nameof(options.MaxWatch)} must be between 00:00:00 and 00:00:25 (grain calls time out after 30 s), was {options.MaxWatch}.");
        }

        if (options.GracePeriod < TimeSpan.FromMinutes(1))
        {
            result.AddError($"{Section}:{nameof(options.GracePeriod)} must be at least 00:01:00, so that a client can put an object tree before it adds its root, was {options.GracePeriod}.");
        }

        if (options.CollectionInterval < TimeSpan.FromMinutes(1))
        {
            result.AddError($"{Section}:{nameof(options.CollectionInterval)} must be at least 00:01:00 (a reminder period), was {options.CollectionInterval}.");
        }

        return result.Build();
    }
}
