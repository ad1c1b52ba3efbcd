using ObjectStore.Cli;

return await CliApp.RunAsync(args, CliEnvironment.FromProcess());
