namespace ObjectStore.Partitions;

/// <summary>The partition's epoch (<see cref="IPartitionEpoch"/>): what makes a lost notice self-correcting.</summary>
public sealed partial class PartitionGrain : IPartitionEpoch
{
    /// <summary>0 until first asked: then the next log sequence, unless a raise already went past it.</summary>
    private long _epoch;

    /// <summary>Transactions across partitions registered and not reported yet, with when they registered.</summary>
    private readonly Dictionary<Guid, DateTimeOffset> _openTransactions = [];

    public async Task<ReadAccess> GetReadAccessAsync(long caller)
    {
        var permission = await GetPermissionsAsync(caller);
        await ExpireOverdueTransactionsAsync();
        if (_epoch == 0)
        {
            await RaiseEpochToLogAsync();
        }

        return new ReadAccess(permission, _epoch, _openTransactions.Count > 0);
    }

    public Task RegisterTransactionAsync(Guid transaction)
    {
        _openTransactions[transaction] = clock.GetUtcNow();

        // This activation must outlive the report: a new one would take its epoch from the log before the commit lands.
        DelayDeactivation(readOptions.Value.TransactionReportDeadline);
        return Task.CompletedTask;
    }

    public async Task ReportTransactionAsync(Guid transaction, bool versionGrainsTold)
    {
        _openTransactions.Remove(transaction);
        if (!versionGrainsTold)
        {
            await RaiseEpochToLogAsync();
        }
    }

    /// <summary>After telling the version grains about the commits at <paramref name="sequences"/>: when some were not told, raise the epoch past them.</summary>
    private void RaiseEpochUnlessTold(bool versionGrainsTold, IEnumerable<long> sequences)
    {
        if (!versionGrainsTold)
        {
            _epoch = Math.Max(_epoch, sequences.DefaultIfEmpty().Max() + 1);
            LogEpochRaised(PartitionHash, _epoch);
        }
    }

    /// <summary>A coordinator that never reported died, or its report was lost: what it committed may be untold.</summary>
    private async Task ExpireOverdueTransactionsAsync()
    {
        var overdue = clock.GetUtcNow() - readOptions.Value.TransactionReportDeadline;
        var expired = _openTransactions.Where(open => open.Value < overdue).Select(open => open.Key).ToList();
        if (expired.Count > 0)
        {
            expired.ForEach(transaction => _openTransactions.Remove(transaction));
            await RaiseEpochToLogAsync();
        }
    }

    /// <summary>Raises the epoch to the partition's next log sequence: past every commit the database holds.</summary>
    private async Task RaiseEpochToLogAsync() =>
        _epoch = Math.Max(_epoch, await storage.GetNextSequenceAsync(PartitionHash, CancellationToken.None));
}
