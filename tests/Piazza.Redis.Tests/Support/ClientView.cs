using Piazza.Protocol;
using Piazza.Testing;

namespace Piazza.Redis.Tests.Support;

/// <summary>What one client saw of one room: every event and ack it got, by id.</summary>
public static class ClientView
{
    /// <summary>The ids of <paramref name="room"/> the client was told of (live events and its own acks), in arrival order.</summary>
    public static List<long> Ids(RawClient client, string room) =>
        [.. client.Received.Where(f => Concerns(f, room)).Select(f => f is AckFrame a ? a.Id : RoomEvents.IdOf(f))];

    /// <summary>Reads until the client has been told of id <paramref name="last"/> in <paramref name="room"/>.</summary>
    public static async Task SeenAsync(RawClient client, string room, long last)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!Ids(client, room).Contains(last))
        {
            guard.Token.ThrowIfCancellationRequested();
            await client.ReceiveAsync(TimeSpan.FromSeconds(60));
        }
    }

    private static bool Concerns(Frame frame, string room) => frame switch
    {
        AckFrame a => a.Room == room,
        _ => RoomEvents.IsEvent(frame) && !RoomEvents.IsReplay(frame) && RoomEvents.RoomOf(frame) == room,
    };
}
