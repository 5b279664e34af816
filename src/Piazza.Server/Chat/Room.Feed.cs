using System.Collections.Concurrent;
using Piazza.Store;

namespace Piazza.Server.Chat;

/// <summary>
/// A room on several nodes: events from the feed join the same in-order path as this node's own
/// commits (<see cref="Committed"/>: an id already delivered is ignored, a later one waits for the
/// ones before it). A wait that is not resolved within a moment is a gap, filled from the store.
/// </summary>
internal sealed partial class Room
{
    /// <summary>How long a gap may be left to close by itself (a reply or a message still on its way) before the store is read.</summary>
    private static readonly TimeSpan FillGrace = TimeSpan.FromMilliseconds(100);

    /// <summary>How long to wait before trying a fill again while the store is unavailable.</summary>
    private static readonly TimeSpan FillRetry = TimeSpan.FromSeconds(1);

    private const int FillBatch = 1000;

    /// <summary>This node's appends in flight, by origin: whichever copy comes first (reply or feed) carries the context.</summary>
    private readonly ConcurrentDictionary<string, AppendContext?> _inflight = new(StringComparer.Ordinal);
    private int _filling;

    /// <summary>An event from the feed: this node's own (by origin) gets its context back.</summary>
    public void Received(FeedEvent received)
    {
        var context = received.Origin is { } origin && _inflight.TryGetValue(origin, out var own) ? own : null;
        Committed(new RoomEvent(received.Event), context);
    }

    /// <summary>Reads the events after the newest delivered one (the feed may have missed the last ones).</summary>
    public void CheckTail() => ScheduleFill(tail: true);

    /// <summary>Stamps an append with an origin when a feed is running; returns the draft to store.</summary>
    private EventDraft Track(EventDraft draft, AppendContext? context, out string? origin)
    {
        origin = null;
        if (_hub.Feed is null)
        {
            return draft;
        }

        origin = _hub.NextOrigin();
        _inflight[origin] = context;
        return draft with { Origin = origin };
    }

    private void Untrack(string? origin)
    {
        if (origin is not null)
        {
            _inflight.TryRemove(origin, out _);
        }
    }

    /// <summary>After an event was held for a gap: fills it from the store unless it closes by itself.</summary>
    private void ScheduleFill(bool tail = false)
    {
        if (_hub.Feed is null || Interlocked.CompareExchange(ref _filling, 1, 0) != 0)
        {
            return;
        }

        _ = FillAsync(tail);
    }

    private async Task FillAsync(bool tail)
    {
        var feed = _hub.Feed!;
        try
        {
            while (true)
            {
                await Task.Delay(FillGrace, _hub.Time);
                long after, before;
                lock (_gate)
                {
                    after = _delivered;
                    if (_pending is { Count: > 0 })
                    {
                        before = _pending.Keys.First();
                    }
                    else if (tail)
                    {
                        before = long.MaxValue;
                    }
                    else
                    {
                        return;
                    }
                }

                IReadOnlyList<FeedEvent> missing;
                try
                {
                    missing = await feed.ReadFeedAsync(Key, after, before, FillBatch);
                }
                catch (StoreUnavailableException)
                {
                    await Task.Delay(FillRetry, _hub.Time);
                    continue;
                }

                if (missing.Count > 0 && missing[0].Event.Id > after + 1)
                {
                    // Retention removed what was missed: go on from what is left.
                    SkipTo(missing[0].Event.Id - 1);
                }
                else if (missing.Count == 0 && before != long.MaxValue)
                {
                    SkipTo(before - 1);
                }

                foreach (var e in missing)
                {
                    Received(e);
                }

                if (missing.Count > 0)
                {
                    _hub.Logger.GapFilled(Key, after + 1, missing[^1].Event.Id);
                }

                tail = tail && missing.Count == FillBatch;
            }
        }
        finally
        {
            Volatile.Write(ref _filling, 0);
            bool gap;
            lock (_gate)
            {
                gap = _pending is { Count: > 0 };
            }

            if (gap)
            {
                ScheduleFill();
            }
        }
    }

    /// <summary>Gives up on ids up to <paramref name="id"/> (gone from the store) and delivers what waited behind them.</summary>
    private void SkipTo(long id)
    {
        List<ISessionSink>? overflowed = null;
        try
        {
            lock (_gate)
            {
                if (id <= _delivered)
                {
                    return;
                }

                _delivered = id;
                while (_pending is { Count: > 0 } && _pending.Remove(_delivered + 1, out var next))
                {
                    DeliverLocked(next.Event, next.Context, ref overflowed);
                }
            }
        }
        finally
        {
            Evict(overflowed);
        }
    }
}
