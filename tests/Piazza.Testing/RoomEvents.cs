using Piazza.Protocol;

namespace Piazza.Testing;

/// <summary>A room as a client first sees it (protocol §7): its <c>room</c> frame and the replay that followed.</summary>
/// <param name="Room">The room frame.</param>
/// <param name="Replay">The room's replayed events, oldest first.</param>
public sealed record RoomEntry(RoomFrame Room, IReadOnlyList<Frame> Replay)
{
    /// <summary>The ids of the replayed events, in the order they came.</summary>
    public IReadOnlyList<long> ReplayIds => [.. Replay.Select(RoomEvents.IdOf)];
}

/// <summary>Reading room events (<c>message</c>, <c>joined</c>, <c>left</c>, <c>topic</c>) whatever their type.</summary>
public static class RoomEvents
{
    /// <summary>True for a room event (a topic counts only as the event the server sends, with an id).</summary>
    public static bool IsEvent(Frame frame) =>
        frame is MessageFrame or JoinedFrame or LeftFrame or TopicFrame { Id: not null };

    /// <summary>The event's id; throws for a frame that is not a room event.</summary>
    public static long IdOf(Frame frame) => frame switch
    {
        MessageFrame m => m.Id,
        JoinedFrame j => j.Id,
        LeftFrame l => l.Id,
        TopicFrame { Id: { } id } => id,
        _ => throw new ArgumentException($"{frame} is not a room event.", nameof(frame)),
    };

    /// <summary>The room an event, ack, error or room-related answer names, or null.</summary>
    public static string? RoomOf(Frame frame) => frame switch
    {
        MessageFrame m => m.Room,
        JoinedFrame j => j.Room,
        LeftFrame l => l.Room,
        TopicFrame t => t.Room,
        AckFrame a => a.Room,
        ErrorFrame e => e.Room,
        RoomFrame r => r.Room,
        HistoryFrame h => h.Room,
        UsersFrame u => u.Room,
        _ => null,
    };

    /// <summary>True for an event sent as part of a replay (<c>"replay":true</c>).</summary>
    public static bool IsReplay(Frame frame) => frame switch
    {
        MessageFrame m => m.Replay,
        JoinedFrame j => j.Replay,
        LeftFrame l => l.Replay,
        TopicFrame t => t.Replay,
        _ => false,
    };

    /// <summary>The live (not replayed) events of <paramref name="room"/> among <paramref name="frames"/>, in order.</summary>
    public static IReadOnlyList<Frame> LiveIn(this IEnumerable<Frame> frames, string room) =>
        [.. frames.Where(f => IsEvent(f) && !IsReplay(f) && RoomOf(f) == room)];

    /// <summary>The event as it is sent live (and in history pages): without <c>"replay":true</c>.</summary>
    public static Frame AsLive(Frame frame) => frame switch
    {
        MessageFrame m => m with { Replay = false },
        JoinedFrame j => j with { Replay = false },
        LeftFrame l => l with { Replay = false },
        TopicFrame t => t with { Replay = false },
        _ => frame,
    };

    /// <summary>
    /// The cursors a client keeps from what it received (protocol §9): for each room and
    /// conversation, the epoch of its room frame and the newest id among its room frame, its
    /// events and the acks of its own messages.
    /// </summary>
    public static Dictionary<string, RoomCursor> Cursors(IEnumerable<Frame> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var epochs = new Dictionary<string, string>(StringComparer.Ordinal);
        var newest = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var frame in frames)
        {
            (string? room, long id) = frame switch
            {
                RoomFrame r => (r.Room, r.LastId),
                AckFrame { Room: { } acked } a => (acked, a.Id),
                _ when IsEvent(frame) && RoomOf(frame) is { } named => (named, IdOf(frame)),
                _ => ((string?)null, 0L),
            };
            if (room is null)
            {
                continue;
            }

            if (frame is RoomFrame opened)
            {
                epochs[room] = opened.Epoch;
            }

            newest[room] = Math.Max(id, newest.GetValueOrDefault(room));
        }

        return epochs.ToDictionary(e => e.Key, e => new RoomCursor(newest[e.Key], e.Value), StringComparer.Ordinal);
    }

    /// <summary>
    /// Each <c>room</c> frame among <paramref name="frames"/> with the replay that followed it: the
    /// replayed events of that room up to its next room frame.
    /// </summary>
    public static IReadOnlyList<RoomEntry> Entries(IReadOnlyList<Frame> frames)
    {
        var entries = new List<RoomEntry>();
        for (var i = 0; i < frames.Count; i++)
        {
            if (frames[i] is not RoomFrame room)
            {
                continue;
            }

            var replay = new List<Frame>();
            for (var j = i + 1; j < frames.Count && !(frames[j] is RoomFrame next && next.Room == room.Room); j++)
            {
                if (IsEvent(frames[j]) && IsReplay(frames[j]) && RoomOf(frames[j]) == room.Room)
                {
                    replay.Add(frames[j]);
                }
            }

            entries.Add(new RoomEntry(room, replay));
        }

        return entries;
    }
}
