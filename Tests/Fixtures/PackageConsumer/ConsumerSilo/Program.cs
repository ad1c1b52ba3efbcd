using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using ObjectStore.Hosting;

// A team's own silo hosting the store's grains on SQLite: --ObjectStore:DataFolder=..., --SiloPort=..., --GatewayPort=...
var builder = Host.CreateApplicationBuilder(args);
var siloPort = builder.Configuration.GetValue<int>("SiloPort");
var gatewayPort = builder.Configuration.GetValue<int>("GatewayPort");
builder.UseOrleans(silo => silo.UseLocalhostClustering(siloPort, gatewayPort).AddObjectStore().UseSqlite());

using var host = builder.Build();
await host.StartAsync();
Console.WriteLine("Consumer silo started.");
await host.WaitForShutdownAsync();
