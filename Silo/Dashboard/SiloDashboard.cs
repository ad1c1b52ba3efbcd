using Microsoft.Extensions.Options;
using ObjectStore.Administration;
using ObjectStore.Hosting;
using Orleans.Dashboard;

namespace ObjectStore.Silo.Dashboard;

/// <summary>The Orleans Dashboard (<c>Microsoft.Orleans.Dashboard</c>) on the silo's HTTP server, when <c>Dashboard:Enabled</c>.</summary>
public static class SiloDashboard
{
    /// <summary>Checks the settings always; adds the dashboard's collectors to the silo only when it is enabled.</summary>
    public static ISiloBuilder AddObjectStoreDashboard(this ISiloBuilder silo)
    {
        silo.Services.AddValidatedOptions<SiloDashboardOptions, SiloDashboardOptionsValidator>(SiloDashboardOptions.SectionName);
        silo.Services.AddSingleton<DashboardSignIns>();
        if (silo.Configuration.GetValue<bool>($"{SiloDashboardOptions.SectionName}:{nameof(SiloDashboardOptions.Enabled)}"))
        {
            silo.AddDashboard();
        }

        return silo;
    }

    public static WebApplication MapObjectStoreDashboard(this WebApplication app)
    {
        var dashboard = app.Services.GetRequiredService<IOptions<SiloDashboardOptions>>().Value;
        if (dashboard.Enabled)
        {
            app.MapOrleansDashboard(dashboard.Path).AddEndpointFilter<DashboardAccessFilter>().ExcludeFromDescription();
            var administrators = app.Services.GetRequiredService<IOptions<AdministratorOptions>>().Value.UserIds.Count;
            string[] who = [.. administrators > 0 ? [$"{administrators} administrators' bearer tokens"] : Array.Empty<string>(),
                .. dashboard.HasPassword ? [$"basic authentication as {dashboard.UserName}"] : Array.Empty<string>()];
            app.Logger.LogInformation("The Orleans Dashboard is served at {Path} to {Who}", dashboard.Path,
                who.Length > 0 ? string.Join(" and ", who) : "callers on this machine only (no credentials are configured)");
        }

        return app;
    }
}
