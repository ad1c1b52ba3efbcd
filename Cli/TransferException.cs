namespace ObjectStore.Cli;

/// <summary>An export or import file the tool cannot use, with the line that is wrong.</summary>
public sealed class TransferException(string message) : Exception(message);
