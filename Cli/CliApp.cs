using System.CommandLine;
using ObjectStore.Cli.Commands;
using ObjectStore.Cli.Transfer;

namespace ObjectStore.Cli;

/// <summary>The <c>objectstore</c> command: its commands, and the exit code of a run.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        var parse = Root(environment).Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction)
        {
            foreach (var error in parse.Errors)
            {
                await environment.Error.WriteLineAsync(error.Message);
            }

            await environment.Error.WriteLineAsync("See 'objectstore --help', or --help after a command.");
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration { Output = environment.Out, Error = environment.Error };
        return await parse.InvokeAsync(invocation, cancellationToken);
    }

    private static RootCommand Root(CliEnvironment environment)
    {
        var options = new GlobalOptions();
        var runner = new CommandRunner(environment, options);
        var root = new RootCommand("objectstore: partitions, objects, feeds and whole partitions moved between stores, over a store's HTTP API.")
        {
            TokenCommand.Create(runner),
            PartitionCommands.Create(runner),
            ObjectCommands.Put(runner),
            ObjectCommands.Update(runner),
            ObjectCommands.Delete(runner),
            ReadCommands.Get(runner),
            ReadCommands.Versions(runner),
            ReadCommands.Page(runner),
            LogCommand.Create(runner),
            FeedCommands.Create(runner),
            ExportCommand.Create(runner),
            ImportCommand.Create(runner),
        };
        root.HelpName = "objectstore";
        options.AddTo(root);
        return root;
    }
}
