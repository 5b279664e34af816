namespace Piazza.Store;

/// <summary>
/// What a store shared by several nodes offers beside <see cref="IEventStore"/>: the events that
/// any node appends, as they are committed, so each node can deliver them to its own members. The
/// feed is at most once and may reorder (it is Redis pub/sub): a node delivers by id, notices a
/// gap, and fills it with <see cref="ReadFeedAsync"/> before going on.
/// </summary>
public interface IEventFeed
{
    /// <summary>
    /// Starts hearing every room's committed events; <paramref name="received"/> is called for each,
    /// one at a time. <paramref name="restored"/> is called when the feed's connection came back after
    /// a loss, when events may have been missed without a later one showing the gap.
    /// </summary>
    Task StartFeedAsync(Action<FeedEvent> received, Action restored, CancellationToken cancellationToken = default);

    /// <summary>The room's events with <paramref name="after"/> &lt; id &lt; <paramref name="before"/>, oldest first, with their origins.</summary>
    /// <exception cref="StoreUnavailableException">The store cannot be read right now.</exception>
    Task<IReadOnlyList<FeedEvent>> ReadFeedAsync(string room, long after, long before, int limit, CancellationToken cancellationToken = default);
}

/// <summary>A committed event as the feed carries it.</summary>
/// <param name="Event">The event.</param>
/// <param name="Origin">The <see cref="EventDraft.Origin"/> it was appended with, or null.</param>
public sealed record FeedEvent(StoredEvent Event, string? Origin);
