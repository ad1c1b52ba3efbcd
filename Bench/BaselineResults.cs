namespace ObjectStore.Bench;

/// <summary>
/// What raw Npgsql achieved on the same server in the same run, after the silo stopped; its inserts, the floor of W1 and
/// W2, ran in rounds beside theirs (<see cref="StoreResults"/>).
/// </summary>
/// <param name="Updates">Single-row UPDATE transactions of existing rows: the floor of W3.</param>
/// <param name="Selects">SELECT by primary key: the floor of R1 and R2.</param>
/// <param name="Feed">LISTEN/NOTIFY (F1) and a queue table (F2).</param>
public sealed record BaselineResults(PhaseResult Updates, PhaseResult Selects, FeedResult Feed);
