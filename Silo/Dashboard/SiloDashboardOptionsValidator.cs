using Microsoft.Extensions.Options;
using ObjectStore.Administration;
using ObjectStore.Silo.Hosting;

namespace ObjectStore.Silo.Dashboard;

/// <summary>
/// Refuses a dashboard path that would shadow the API, a short password, a limit of failed sign-ins that is none or
/// no limit, and a dashboard without credentials on an address other machines reach: it shows every grain, and its log
/// stream every log line.
/// </summary>
public sealed class SiloDashboardOptionsValidator(IConfiguration configuration, IOptions<AdministratorOptions> administrators)
    : IValidateOptions<SiloDashboardOptions>
{
    public const int MinimumPasswordLength = 16;
    private const int MostFailedSignInsPerMinute = 1000;
    private static readonly string[] Taken = ["/object", "/cds", "/health", "/openapi"];
    private const string Section = SiloDashboardOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, SiloDashboardOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        if (!options.Path.StartsWith('/') || options.Path.Length < 2 || options.Path.EndsWith('/')
            || Taken.Any(path => options.Path.StartsWith(path, StringComparison.OrdinalIgnoreCase)))
        {
            result.AddError($"{Section}:{nameof(options.Path)} must start with '/', not end with one, and not be under {string.Join(", ", Taken)}; was '{options.Path}'.");
        }

        if (options.HasPassword && options.Password!.Length < MinimumPasswordLength)
        {
            result.AddError($"{Section}:{nameof(options.Password)} must be at least {MinimumPasswordLength} characters long.");
        }

        if (options.HasPassword && (string.IsNullOrEmpty(options.UserName) || options.UserName.Contains(':')))
        {
            result.AddError($"{Section}:{nameof(options.UserName)} is required with {Section}:{nameof(options.Password)} and must not contain ':'.");
        }

        if (options.FailedSignInsPerMinute is < 1 or > MostFailedSignInsPerMinute)
        {
            result.AddError($"{Section}:{nameof(options.FailedSignInsPerMinute)} must be between 1 and {MostFailedSignInsPerMinute}, was {options.FailedSignInsPerMinute}.");
        }

        var exposed = ListeningAddresses.Configured(configuration).Where(url => !ListeningAddresses.IsLoopback(url)).ToList();
        if (options.Enabled && !options.HasPassword && administrators.Value.UserIds.Count == 0 && exposed.Count > 0)
        {
            result.AddError($"{Section}:{nameof(options.Enabled)} is true and the silo listens on {string.Join(", ", exposed)}, which is not loopback only: " +
                $"set {Section}:{nameof(options.Password)} (and {Section}:{nameof(options.UserName)}) or {AdministratorOptions.SectionName}:UserIds, " +
                "so that the dashboard is not open to whoever reaches the silo.");
        }

        return result.Build();
    }
}
