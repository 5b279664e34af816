namespace Piazza.Store;

/// <summary>What became of an append.</summary>
public enum AppendStatus
{
    /// <summary>The event is durable (committed and synced as the store's options ask) under a new id.</summary>
    Committed,

    /// <summary>The same sender's ref was accepted before: nothing was stored; <see cref="AppendResult.Event"/> is the original.</summary>
    Duplicate,

    /// <summary>The store could not be written (disk full, locked, unreachable). Nothing was stored and no id was used.</summary>
    Unavailable,
}

/// <summary>The outcome of <see cref="IEventStore.AppendAsync"/>.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Event">The stored event (new or, for a duplicate, the original); null when unavailable.</param>
/// <param name="Error">Why the store was unavailable, for the log (never shown to clients).</param>
public readonly record struct AppendResult(AppendStatus Status, StoredEvent? Event, string? Error = null)
{
    /// <summary>A committed event.</summary>
    public static AppendResult Committed(StoredEvent stored) => new(AppendStatus.Committed, stored);

    /// <summary>A ref seen before, with its original event.</summary>
    public static AppendResult Duplicate(StoredEvent original) => new(AppendStatus.Duplicate, original);

    /// <summary>The store could not be written.</summary>
    public static AppendResult Unavailable(string error) => new(AppendStatus.Unavailable, null, error);
}
