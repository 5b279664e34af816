using Piazza.Protocol;
using Piazza.Testing;

namespace Piazza.Client.Core.Tests;

/// <summary>
/// Someone else in the conversation, speaking protocol 2 with nothing hidden: a raw connection
/// that says what it is told (each say with a ref of its own) and reads a room's stored history.
/// </summary>
public sealed class RawPeer : IAsyncDisposable
{
    private static long _nextRef;
    private readonly string _refPrefix = Guid.NewGuid().ToString("N")[..8];

    private RawPeer(RawClient client, string user)
    {
        Client = client;
        User = user;
    }

    public RawClient Client { get; }

    public string User { get; }

    /// <summary>Connects, says hello with <paramref name="rooms"/> (no cursors) and waits for the welcome.</summary>
    public static async Task<RawPeer> JoinAsync(int port, string user, params string[] rooms)
    {
        var client = await RawClient.ConnectAsync(port);
        var wanted = rooms.ToDictionary(r => r, _ => RoomCursor.None);
        await client.SendAsync(new HelloFrame(user, ProtocolLimits.LatestProtocolVersion, "piazza-tests", Rooms: wanted));
        var answer = await client.ExpectAsync<Frame>(f => f is WelcomeFrame or ErrorFrame);
        if (answer is ErrorFrame error)
        {
            throw new InvalidOperationException($"Join as '{user}' refused: {error.Code}: {error.Message}");
        }

        var peer = new RawPeer(client, user);
        foreach (var room in rooms)
        {
            await client.ExpectAsync<RoomFrame>(r => r.Room == room);
        }

        return peer;
    }

    /// <summary>Says <paramref name="text"/> in <paramref name="room"/>, without waiting for the ack.</summary>
    public Task SayAsync(string room, string text) =>
        Client.SendAsync(new SayFrame(text, $"{_refPrefix}-{Interlocked.Increment(ref _nextRef)}", room));

    /// <summary>Every stored event of <paramref name="room"/>, oldest first, read page by page back to the beginning.</summary>
    public async Task<IReadOnlyList<Frame>> HistoryAsync(string room)
    {
        var pages = new List<IReadOnlyList<Frame>>();
        long? before = null;
        while (true)
        {
            await Client.SendAsync(new HistoryFrame(room, before, ProtocolLimits.MaxHistoryLimit));
            var page = await Client.ExpectAsync<HistoryFrame>(h => h.Room == room);
            var events = page.Events ?? [];
            pages.Add(events);
            if (page.More != true || events.Count == 0)
            {
                break;
            }

            before = Id(events[0]);
        }

        pages.Reverse();
        return [.. pages.SelectMany(p => p)];
    }

    public static long Id(Frame frame) => frame switch
    {
        MessageFrame m => m.Id,
        JoinedFrame j => j.Id,
        LeftFrame l => l.Id,
        TopicFrame { Id: { } id } => id,
        _ => throw new ArgumentException($"Not a room event: {frame}", nameof(frame)),
    };

    public ValueTask DisposeAsync() => Client.DisposeAsync();
}
