using System.CommandLine;
using System.Text;
using ObjectStore.Cli.Commands;
using ObjectStore.Cli.Http;

namespace ObjectStore.Cli.Transfer;

/// <summary>
/// <c>import FILE [--as-owners]</c>: replays an export into a store, in its order. It reads the whole file first and
/// writes nothing when a line is bad (naming the line). Objects are content addressed and a version already stored is
/// a success that changes nothing, so running an import again, after it was interrupted or after it finished, leaves
/// the store as one run would.
/// </summary>
internal static class ImportCommand
{
    public static Command Create(CommandRunner runner)
    {
        var input = new Argument<FileInfo>("file") { Description = "An export (NDJSON) written by 'objectstore export'." };
        var asOwners = new Option<bool>("--as-owners")
        {
            Description = "Write each partition and version as its owner, with tokens signed by the target store's Authentication:SigningKey (settings as for 'token').",
        };
        var command = new Command("import", "Import an export into this store: partitions, permissions and every version, in order; running it again changes nothing.")
        {
            input,
            asOwners,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        runner.Set(command, async (session, parse, cancellationToken) =>
        {
            var file = parse.GetRequiredValue(input);
            if (!file.Exists)
            {
                throw new UsageException($"There is no file '{file.FullName}'.");
            }

            var (versions, bytes) = await CheckAsync(file, cancellationToken);
            using var clients = new OwnerClients(session, parse.GetValue(asOwners));
            var counter = new TransferCounter(session.Environment, "import");
            var partitions = 0;
            await counter.RunAsync(bytes, async () =>
            {
                await foreach (var (record, number, length) in ReadAsync(file, cancellationToken))
                {
                    try
                    {
                        switch (record)
                        {
                            case ExportedPartition partition:
                                await PartitionCommands.UpsertAsync(clients.For(partition.Owner), partition.Id, partition.Users, cancellationToken);
                                partitions++;
                                break;
                            case ExportedVersion version:
                                await clients.For(version.Owner).PutObjectAsync(version.AbsoluteHash, version.Canonical, cancellationToken);
                                counter.Add(length);
                                break;
                        }
                    }
                    catch (RefusalException e)
                    {
                        throw new TransferException($"{file.FullName}:{number}: refused: {e.Type} ({e.Status}): {e.Detail}");
                    }
                }
            });
            await session.Environment.Out.WriteLineAsync($"imported {counter.Versions} of {versions} versions and {partitions} partitions ({TransferCounter.Size(counter.Bytes)})");
        });
        return command;
    }

    /// <summary>Reads every line before anything is written: how many versions and bytes there are, or the first bad line.</summary>
    private static async Task<(long Versions, long Bytes)> CheckAsync(FileInfo file, CancellationToken cancellationToken)
    {
        long versions = 0;
        long bytes = 0;
        var partitions = new HashSet<Objects.Hash>();
        await foreach (var (record, number, length) in ReadAsync(file, cancellationToken))
        {
            if (record is ExportedPartition partition)
            {
                partitions.Add(partition.PartitionHash);
            }
            else if (record is ExportedVersion version)
            {
                if (!partitions.Contains(version.PartitionHash))
                {
                    throw new TransferException($"{file.FullName}:{number}: the version's partition {version.PartitionHash.Value} has no partition line before it.");
                }

                versions++;
                bytes += length;
            }
        }

        return (versions, bytes);
    }

    private static async IAsyncEnumerable<(object? Record, int Number, long Length)> ReadAsync(
        FileInfo file, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(file.FullName, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
        var number = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            number++;
            if (line.Length == 0 && number > 1)
            {
                continue;
            }

            yield return (ExportFile.Read(line, number, file.FullName), number, Encoding.UTF8.GetByteCount(line) + 1);
        }

        if (number == 0)
        {
            throw new TransferException($"{file.FullName}: the file is empty: it is not an objectstore export.");
        }
    }
}
