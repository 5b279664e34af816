namespace Piazza.Store;

/// <summary>How durable a SQLite commit is (<c>--sync</c>).</summary>
public enum SyncMode
{
    /// <summary>Every batch is synced to the disk: survives a power loss (SQLite <c>synchronous=FULL</c>).</summary>
    Full,

    /// <summary>Survives a crash of the process, not of the machine (SQLite <c>synchronous=NORMAL</c> in WAL mode).</summary>
    Normal,
}

/// <summary>What every store is told.</summary>
public sealed record StoreOptions
{
    /// <summary>Events older than this many days are removed (<c>--retention-days</c>); 0 keeps them.</summary>
    public int RetentionDays { get; init; }

    /// <summary>A room keeps at most this many events (<c>--retention-events</c>); 0 keeps them all.</summary>
    public long RetentionEvents { get; init; }

    /// <summary>How long a (sender, ref) is remembered for dedupe: 24 hours by contract.</summary>
    public TimeSpan DedupeWindow { get; init; } = TimeSpan.FromHours(24);

    /// <summary>The most appends committed in one transaction.</summary>
    public int MaxBatch { get; init; } = 4096;

    /// <summary>
    /// Told after every committed transaction of appends: how many it held and how long it took
    /// from its start to the commit (for the server's metrics). Runs on the writer: it must be quick.
    /// </summary>
    public Action<int, TimeSpan>? Committed { get; init; }
}
