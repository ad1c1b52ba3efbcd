using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using ObjectStore.Cli.Commands;
using ObjectStore.Cli.Http;
using ObjectStore.Objects;

namespace ObjectStore.Cli.Transfer;

/// <summary>
/// <c>export [--partition P...] --out FILE</c>: every version the partitions (all the caller may read when none is named) still hold (logical deletes' tombstones included), in
/// log order, with each partition's permissions (<see cref="ExportFile"/>). The file appears whole or not at all: it is
/// written beside its name and moved there at the end.
/// </summary>
internal static class ExportCommand
{
    private const string PhysicalDelete = "PHYSICAL_DELETE";

    public static Command Create(CommandRunner runner)
    {
        var partitions = new Option<string[]>("--partition")
        {
            Description = "A partition to export (its hash, NAME@USER, or a name of yours); repeat for more. None: every partition you own or may read.",
            AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<FileInfo>("--out") { Description = "The file to write (NDJSON).", Required = true };
        var command = new Command("export", "Export partitions (all you may read when none is named): every version of every object, tombstones included, in log order, with the partitions' permissions.")
        {
            partitions,
            output,
        };
        runner.Set(command, async (session, parse, cancellationToken) =>
        {
            var named = parse.GetValue(partitions) ?? [];
            var hashes = named.Length > 0
                ? named.Select(partition => NamedIds.Resolve(partition, session, "partition")).Distinct().ToList()
                : await ReadableAsync(session, cancellationToken);
            var file = parse.GetRequiredValue(output);
            var partial = file.FullName + ".partial";
            var counter = new TransferCounter(session.Environment, "export");
            await using (var writer = new StreamWriter(partial, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
            {
                writer.NewLine = "\n";
                await writer.WriteLineAsync(ExportFile.Header());
                await counter.RunAsync(totalBytes: null, async () =>
                {
                    foreach (var hash in hashes)
                    {
                        await ExportAsync(session, hash, writer, counter, cancellationToken);
                    }
                });
            }

            File.Move(partial, file.FullName, overwrite: true);
            await session.Environment.Out.WriteLineAsync($"exported {counter.Versions} versions of {hashes.Count} partitions ({TransferCounter.Size(counter.Bytes)}) to {file.FullName}");
        });
        return command;
    }

    /// <summary>Every partition the caller may read, listed before any is exported so that the file holds each once.</summary>
    private static async Task<List<Hash>> ReadableAsync(Session session, CancellationToken cancellationToken)
    {
        var hashes = new List<Hash>();
        await foreach (var partition in ReadablePartitions.AllAsync(session.Store, cancellationToken))
        {
            hashes.Add(ReadablePartitions.HashOf(partition));
        }

        return hashes;
    }

    private static async Task ExportAsync(Session session, Hash partition, StreamWriter writer, TransferCounter counter, CancellationToken cancellationToken)
    {
        var path = "partitions/" + partition.ToUrlSafe();
        var id = StoreClient.Parse(await session.Store.GetAsync(path, cancellationToken)).GetProperty("id");
        var users = (await PartitionCommands.UsersAsync(session, path, cancellationToken)).ToDictionary(
            user => user.GetProperty("userId").GetInt64(),
            user => new SortedSet<string>(user.GetProperty("permissions").EnumerateArray().Select(permission => permission.GetString()!), StringComparer.Ordinal));
        await writer.WriteLineAsync(ExportFile.Line(new ExportedPartition(partition, JsonNode.Parse(id.GetRawText())!.AsObject(), users)));

        await foreach (var entry in PartitionLog.EntriesAsync(session.Store, partition, afterSequence: null, cancellationToken))
        {
            // A series physically deleted or purged is gone from the store, its versions left out of the log: nothing of it
            // moves, and neither does the tombstone of a physical delete, which would have no series to remove.
            if (PartitionLog.Object(entry) is not { } stored || entry.GetProperty("kind").GetString() == PhysicalDelete)
            {
                continue;
            }

            var line = ExportFile.Line(partition, PartitionLog.Sequence(entry), Hash.Parse(entry.GetProperty("absoluteHash").GetString(), "absoluteHash"), stored);
            await writer.WriteLineAsync(line);
            counter.Add(Encoding.UTF8.GetByteCount(line) + 1);
        }
    }
}
