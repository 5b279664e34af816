namespace Piazza.Store;

/// <summary>Where and how a <see cref="SqliteStore"/> keeps its database.</summary>
/// <param name="Path">The database file (the server uses <c>piazza.db</c> in its data directory); its directory is created if missing.</param>
public sealed record SqliteStoreOptions(string Path)
{
    /// <summary>How durable each commit is (<c>--sync</c>).</summary>
    public SyncMode Sync { get; init; } = SyncMode.Full;

    /// <summary>How long a commit waits for a write lock held by another connection before the batch is refused.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Retention, dedupe window and batch size.</summary>
    public StoreOptions Store { get; init; } = new();

    /// <summary>How often retention and ref expiry run (they also run once at open).</summary>
    public TimeSpan MaintenanceInterval { get; init; } = TimeSpan.FromMinutes(1);
}
