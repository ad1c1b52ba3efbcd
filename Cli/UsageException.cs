namespace ObjectStore.Cli;

/// <summary>A command line the tool cannot act on, for a reason the parser cannot see (a value that is not a hash, options that exclude each other).</summary>
public sealed class UsageException(string message) : Exception(message);
