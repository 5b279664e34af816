using System.Collections.Concurrent;
using Piazza.Protocol;

namespace Piazza.Client.Core;

public sealed partial class ChatClient
{
    /// <summary>One scrollback at a time per room, so two calls never fetch the same page.</summary>
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _scrollback = new(StringComparer.Ordinal);

    /// <summary>
    /// Scrollback: the page of older events of a room or conversation the client is in, before the
    /// oldest one handed out or loaded so far. Call it again for the page before that, until
    /// <see cref="HistoryPage.ReachedBeginning"/>; once there, it returns an empty page at once.
    /// The events come back here, not through <see cref="EventRaised"/>.
    /// </summary>
    /// <param name="room">The room (<c>#dev</c>) or conversation (<c>@bob</c>).</param>
    /// <param name="limit">The most events in the page, 1 to 200.</param>
    /// <param name="ct">Stops the waiting.</param>
    /// <exception cref="ChatRequestException">The client is not in that room, not connected, or the server refused.</exception>
    public async Task<HistoryPage> LoadOlderAsync(string room, int limit = 100, CancellationToken ct = default)
    {
        CheckLimit(limit);
        var name = CheckAddress(room);
        var gate = _scrollback.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            RoomTimeline timeline;
            long? before;
            lock (_gate)
            {
                if (!_rooms.TryGetValue(name, out timeline!))
                {
                    throw new ChatRequestException(ErrorCodes.NotInRoom, Sentences.NotInRoom(name));
                }

                before = timeline.ScrollbackBefore;
                if (timeline.ReachedBeginning || before <= 1)
                {
                    timeline.Loaded(null, reachedBeginning: true);
                    return new HistoryPage(name, [], ReachedBeginning: true);
                }
            }

            var page = await GetHistoryAsync(name, before, limit, ct);
            lock (_gate)
            {
                timeline.Loaded(page.Events.Count > 0 ? page.Events[0].Id : null, page.ReachedBeginning);
                if (page.ReachedBeginning)
                {
                    _events.Publish(new RoomUpdated(Snapshot(timeline)));
                }
            }

            return page;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// One page of a room's stored history: the events before <paramref name="before"/> (from
    /// the newest when null), at most <paramref name="limit"/>, oldest first. For a room the client
    /// must be in it; a conversation only needs to be the client's own.
    /// </summary>
    /// <exception cref="ChatRequestException">The client is not in that room, not connected, or the server refused.</exception>
    public async Task<HistoryPage> GetHistoryAsync(string room, long? before = null, int limit = 100, CancellationToken ct = default)
    {
        CheckLimit(limit);
        if (before is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(before), before, "Event ids start at 1.");
        }

        var name = CheckAddress(room);
        var request = new RoomRequest(RoomRequestKind.History, new HistoryFrame(name, before, limit));
        lock (_gate)
        {
            EnqueueLocked(LiveSessionLocked(), name, request);
        }

        var frame = (HistoryFrame)(await request.Answer.Task.WaitAsync(ct))!;
        return new HistoryPage(name, RoomEventMapper.FromPage(frame, EventSource.History), ReachedBeginning: frame.More != true);
    }

    private static void CheckLimit(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, ProtocolLimits.MaxHistoryLimit);
    }
}
