using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;

namespace ObjectStore.Bench;

/// <summary>Warnings and errors of the silo and client on the console, one line each; below that they would drown the figures.</summary>
public sealed class QuietLogging : IHostConfigurator
{
    public void Configure(IHostBuilder hostBuilder) =>
        hostBuilder.ConfigureLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddSimpleConsole(console => console.SingleLine = true));
}
