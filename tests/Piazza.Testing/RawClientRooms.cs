using Piazza.Protocol;

namespace Piazza.Testing;

/// <summary>
/// Version 2 on a <see cref="RawClient"/> (protocol §7-§9): hello with rooms and cursors, join
/// and its room frame and replay, say in a room, history pages. Refusals throw with the server's
/// error, so a test that expects one asks for it with <see cref="RawClient.ExpectErrorAsync"/>.
/// </summary>
public static class RawClientRooms
{
    /// <summary>
    /// Sends a version 2 hello and waits for the welcome. Without <paramref name="rooms"/> the
    /// server joins the default room; the rooms' frames follow the welcome (EnterAsync waits for them).
    /// </summary>
    public static async Task<WelcomeFrame> HelloAsync(
        this RawClient client, string user, IReadOnlyDictionary<string, RoomCursor>? rooms = null, string? session = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        await client.SendAsync(new HelloFrame(user, Protocol: 2, Client: "piazza-tests", Session: session, Rooms: rooms));
        var answer = await client.ExpectAsync<Frame>(f => f is WelcomeFrame or ErrorFrame { Room: null });
        return answer as WelcomeFrame
            ?? throw new InvalidOperationException($"Hello as '{user}' refused: {((ErrorFrame)answer).Code}: {((ErrorFrame)answer).Message}");
    }

    /// <summary>
    /// Version 2 hello naming <paramref name="rooms"/> (each with its cursor), then waits for each
    /// room's frame and its replay; returns the entries by room name (lowercase).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, RoomEntry>> EnterAsync(
        this RawClient client, string user, IReadOnlyDictionary<string, RoomCursor> rooms, string? session = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(rooms);
        await client.HelloAsync(user, rooms, session);
        var frames = new List<Frame>();
        var expected = rooms.Keys.Select(Shown).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (!seen.SetEquals(expected))
        {
            var frame = await client.ReceiveAsync();
            frames.Add(frame);
            if (frame is RoomFrame room)
            {
                seen.Add(room.Room);
            }
            else if (frame is ErrorFrame { Room: { } refused } error && expected.Contains(refused))
            {
                throw new InvalidOperationException($"Joining {refused} refused: {error.Code}: {error.Message}");
            }
        }

        // The replays were queued with their room frames; a round trip brings in the rest.
        frames.AddRange(await client.SyncAsync());
        return RoomEvents.Entries(frames).ToDictionary(e => e.Room.Room, StringComparer.Ordinal);
    }

    /// <summary>Version 2 hello in the given rooms, each without a cursor.</summary>
    public static Task<IReadOnlyDictionary<string, RoomEntry>> EnterAsync(this RawClient client, string user, params string[] rooms) =>
        client.EnterAsync(user, rooms.ToDictionary(r => r, _ => RoomCursor.None));

    /// <summary>Joins <paramref name="room"/> (from a cursor, when given) and returns its room frame and replay.</summary>
    public static async Task<RoomEntry> JoinRoomAsync(this RawClient client, string room, long? since = null, string? epoch = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        await client.SendAsync(new JoinFrame(room, since, epoch));
        var shown = Shown(room);
        var frames = await client.FramesUntilAsync<Frame>(f => f is RoomFrame r && r.Room == shown || IsRefusal(f, room));
        if (frames[^1] is ErrorFrame error)
        {
            throw new InvalidOperationException($"Joining {room} refused: {error.Code}: {error.Message}");
        }

        var entry = RoomEvents.Entries([frames[^1], .. await client.SyncAsync()]);
        return entry[0];
    }

    /// <summary>Sends a say to <paramref name="room"/> and waits for its ack.</summary>
    public static async Task<AckFrame> SayInAsync(this RawClient client, string room, string text, string? reference = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        reference ??= Guid.NewGuid().ToString("N");
        await client.SendAsync(new SayFrame(text, reference, room));
        var answer = await client.ExpectAsync<Frame>(f => f is AckFrame a && a.Ref == reference || f is ErrorFrame e && e.Ref == reference);
        return answer as AckFrame
            ?? throw new InvalidOperationException($"Say in {room} refused: {((ErrorFrame)answer).Code}: {((ErrorFrame)answer).Message}");
    }

    /// <summary>Asks for one page of <paramref name="room"/>'s history and returns the answer.</summary>
    public static async Task<HistoryFrame> HistoryAsync(this RawClient client, string room, long? before = null, int? limit = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        await client.SendAsync(new HistoryFrame(room, before, limit));
        var shown = Shown(room);
        var answer = await client.ExpectAsync<Frame>(f => f is HistoryFrame { Events: not null } h && h.Room == shown || IsRefusal(f, room));
        return answer as HistoryFrame
            ?? throw new InvalidOperationException($"History of {room} refused: {((ErrorFrame)answer).Code}: {((ErrorFrame)answer).Message}");
    }

    /// <summary>
    /// Pages back through <paramref name="room"/>'s history from <paramref name="before"/> (the
    /// newest when null), <paramref name="limit"/> at a time, as a client scrolls: each request
    /// asks for the events before the first one of the previous page, until <c>more</c> is false
    /// or the pages reach back past <paramref name="after"/>. Returns the events after
    /// <paramref name="after"/>, oldest first, and how many pages it took.
    /// </summary>
    public static async Task<(IReadOnlyList<Frame> Events, int Pages)> PageBackAsync(
        this RawClient client, string room, long? before, int limit, long after = 0)
    {
        var pages = new List<IReadOnlyList<Frame>>();
        while (true)
        {
            var page = await client.HistoryAsync(room, before, limit);
            pages.Add(page.Events!);
            if (page.More != true || page.Events!.Count == 0 || RoomEvents.IdOf(page.Events[0]) <= after + 1)
            {
                break;
            }

            before = RoomEvents.IdOf(page.Events[0]);
        }

        pages.Reverse();
        return ([.. pages.SelectMany(p => p).Where(e => RoomEvents.IdOf(e) > after)], pages.Count);
    }

    /// <summary>The form the server sends a room or conversation name in: lowercase (ASCII letters only).</summary>
    public static string Shown(string room) => RoomNameRules.Normalize(room);

    private static bool IsRefusal(Frame frame, string room) =>
        frame is ErrorFrame { Room: { } named } && string.Equals(named, room, StringComparison.OrdinalIgnoreCase);
}
