namespace ObjectStore.Silo.Hosting;

/// <summary>A setting of the host is missing or wrong; the message lists what to fix.</summary>
public sealed class InvalidConfigurationException(string section, IReadOnlyList<string> problems)
    : Exception($"Invalid {section} configuration:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}")
{
    public static T Read<T>(IConfiguration configuration, string section, Func<T, IReadOnlyList<string>> validate) where T : new()
    {
        var options = configuration.GetSection(section).Get<T>() ?? new T();
        var problems = validate(options);
        return problems.Count == 0 ? options : throw new InvalidConfigurationException(section, problems);
    }
}
