using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ObjectStore.Client;

// A front-end service: stores an object through the silo's gateway (--GatewayPort=...) and reads it back.
var builder = Host.CreateApplicationBuilder(args);
var gatewayPort = builder.Configuration.GetValue<int>("GatewayPort");
builder.UseOrleansClient(client => client.UseLocalhostClustering(gatewayPort).AddObjectStoreClient());

using var host = builder.Build();
await host.StartAsync();
var store = host.Services.GetRequiredService<ObjectStoreClient>();
const long user = 42;

var partition = await store.UpsertPartitionAsync(user, "packaged");
var created = await store.CreateAsync(user, new ObjectDraft(partition.PartitionHash, "from-a-package") { EncryptedPayload = "c3RvcmVkIGZyb20gYSBwYWNrYWdl" });
var read = await store.GetCurrentAsync(user, created.BaseHash);
Console.WriteLine($"Read back {read.AbsoluteHash}: {read.Json}");

await host.StopAsync();
return read.AbsoluteHash == created.AbsoluteHash ? 0 : 1;
