using Microsoft.Extensions.Options;

namespace ObjectStore.Silo.Hosting;

/// <summary>Refuses cluster settings a silo cannot listen or join with, naming each by its key.</summary>
public sealed class SiloClusterOptionsValidator : IValidateOptions<SiloClusterOptions>
{
    private const string Section = SiloClusterOptions.SectionName;

    /// <summary>Orleans' own table refresh period: a shorter one would wake the silo more often than Orleans does.</summary>
    private static readonly TimeSpan MinimumMembershipInterval = TimeSpan.FromSeconds(60);

    /// <summary>A day: the heartbeat still moves, for whoever looks at it (the Dashboard's silo list).</summary>
    private static readonly TimeSpan MaximumMembershipInterval = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, SiloClusterOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        foreach (var (setting, value) in new[] { (nameof(options.ClusterId), options.ClusterId), (nameof(options.ServiceId), options.ServiceId) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                result.AddError($"{Section}:{setting} must not be empty.");
            }
        }

        foreach (var (setting, port) in new[] { (nameof(options.SiloPort), options.SiloPort), (nameof(options.GatewayPort), options.GatewayPort) })
        {
            if (port is < 1 or > 65535)
            {
                result.AddError($"{Section}:{setting} must be a TCP port (1-65535), was {port}.");
            }
        }

        if (options.SiloPort == options.GatewayPort)
        {
            result.AddError($"{Section}:{nameof(options.SiloPort)} and {Section}:{nameof(options.GatewayPort)} must differ.");
        }

        if (options.SingleSiloMembershipInterval < MinimumMembershipInterval || options.SingleSiloMembershipInterval > MaximumMembershipInterval)
        {
            result.AddError($"{Section}:{nameof(options.SingleSiloMembershipInterval)} must be between {MinimumMembershipInterval} and {MaximumMembershipInterval}, was {options.SingleSiloMembershipInterval}.");
        }

        return result.Build();
    }
}
