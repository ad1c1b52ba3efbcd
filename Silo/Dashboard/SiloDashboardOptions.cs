namespace ObjectStore.Silo.Dashboard;

/// <summary>
/// The Orleans Dashboard the silo can serve (section <c>Dashboard</c>); checked by <see cref="SiloDashboardOptionsValidator"/>.
/// Who may see it: the store's administrators (<c>ObjectStore:Administrators:UserIds</c>) with their bearer tokens, and
/// whoever gives <see cref="UserName"/> and <see cref="Password"/> (HTTP basic authentication, which a browser asks for).
/// </summary>
public sealed class SiloDashboardOptions
{
    public const string SectionName = "Dashboard";

    /// <summary>Off by default: the dashboard samples the silo's counters every second, and an idle silo must stay idle.</summary>
    public bool Enabled { get; set; }

    /// <summary>Where the dashboard is served.</summary>
    public string Path { get; set; } = "/dashboard";

    /// <summary>The user name of basic authentication; used only with <see cref="Password"/>.</summary>
    public string UserName { get; set; } = "admin";

    /// <summary>The password of basic authentication; none by default, and then only administrators' tokens get in.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// Wrong basic credentials one client address may send a minute; past them it gets 429 until the minute is up. Ten
    /// covers a person's typos; a 16-character password then takes longer than anyone waits.
    /// </summary>
    public int FailedSignInsPerMinute { get; set; } = 10;

    public bool HasPassword => !string.IsNullOrEmpty(Password);
}
