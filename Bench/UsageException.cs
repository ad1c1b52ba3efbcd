namespace ObjectStore.Bench;

/// <summary>A command line the bench cannot run with.</summary>
public sealed class UsageException(string message) : Exception(message);
