using System.CommandLine;
using ObjectStore.Cli.Http;
using ObjectStore.Errors;

namespace ObjectStore.Cli;

/// <summary>
/// Runs a command's action in a <see cref="Session"/> and turns how it ended into an exit code and a message on stderr:
/// a refusal (1) prints the problem's type and detail, a usage error (2) what is wrong with the command line.
/// </summary>
internal sealed class CommandRunner(CliEnvironment environment, GlobalOptions options)
{
    public void Set(Command command, Func<Session, ParseResult, CancellationToken, Task> action) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var session = new Session(environment, options, parse);
            try
            {
                await action(session, parse, cancellationToken);
                return ExitCodes.Success;
            }
            catch (RefusalException e)
            {
                await environment.Error.WriteLineAsync($"Refused: {e.Type} ({e.Status}): {e.Detail}");
                return ExitCodes.Refused;
            }
            catch (TransferException e)
            {
                await environment.Error.WriteLineAsync(e.Message);
                return ExitCodes.Refused;
            }
            catch (Exception e) when (e is UsageException or ObjectStoreException)
            {
                // The store's own checks (a name, a header that is not JSON) run here before anything is sent.
                await environment.Error.WriteLineAsync(e.Message);
                return ExitCodes.Usage;
            }
            catch (HttpRequestException e)
            {
                await environment.Error.WriteLineAsync($"Cannot reach the store at {session.BaseUrl}: {e.Message}");
                return ExitCodes.Refused;
            }
        });
}
