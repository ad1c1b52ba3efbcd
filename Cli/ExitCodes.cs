namespace ObjectStore.Cli;

/// <summary>What the tool's exit code tells a script.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The store refused (its problem type and detail are on stderr), could not be reached, or an input file is bad.</summary>
    public const int Refused = 1;

    /// <summary>The command line is wrong: an unknown command or option, a missing argument, a value that cannot be one.</summary>
    public const int Usage = 2;
}
