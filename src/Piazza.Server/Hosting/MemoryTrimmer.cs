namespace Piazza.Server.Hosting;

/// <summary>
/// Gives memory back after a burst. A join storm (every join announced to everyone, every
/// newcomer sent the whole member list) leaves the heap committed far above what is live, and an
/// idle server allocates too little to collect it again on its own. When a heartbeat passes with
/// almost nothing allocated after at least 16 MiB were allocated since the last trim, one
/// aggressive collection returns the slack to the operating system. Busy servers are left to the
/// collector's own budgets; a quiet one pays at most one full collection per 16 MiB allocated.
/// </summary>
internal sealed class MemoryTrimmer
{
    /// <summary>Less than this allocated in one heartbeat counts as quiet.</summary>
    private const long QuietBytes = 1 << 20;

    /// <summary>Allocation since the last trim before another is worth a full collection.</summary>
    private const long TrimAfterBytes = 16L << 20;

    private long _lastSeen = GC.GetTotalAllocatedBytes();
    private long _lastTrim = GC.GetTotalAllocatedBytes();

    /// <summary>Called from the heartbeat; says what a collection did, or null when none ran.</summary>
    public TrimResult? Check()
    {
        var allocated = GC.GetTotalAllocatedBytes();
        var quiet = allocated - _lastSeen < QuietBytes;
        _lastSeen = allocated;
        if (!quiet || allocated - _lastTrim < TrimAfterBytes)
        {
            return null;
        }

        _lastTrim = allocated;
        var committedBefore = GC.GetGCMemoryInfo().TotalCommittedBytes;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var pause = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        return new TrimResult(committedBefore, GC.GetGCMemoryInfo().TotalCommittedBytes, pause);
    }
}

/// <summary>What one trim did: committed GC memory before and after, and how long the server paused.</summary>
internal readonly record struct TrimResult(long CommittedBefore, long CommittedAfter, TimeSpan Pause);
