using Piazza.Protocol;

namespace Piazza.Client.Core.Tests;

/// <summary>What the fake server's frames usually carry, and short ways to write them.</summary>
public static class Fake
{
    /// <summary>The default room, where a hello that names no rooms lands.</summary>
    public const string Room = "#piazza";

    /// <summary>The epoch of the fake server's history.</summary>
    public const string Epoch = "e1";

    public static readonly DateTimeOffset T0 = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    public static MessageFrame Message(long id, string from, string text, string room = Room, bool replay = false) =>
        new(id, T0.AddSeconds(id), from, text, replay, room);

    public static JoinedFrame Joined(long id, string user, string room = Room, bool replay = false) =>
        new(id, T0.AddSeconds(id), user, room, replay);

    public static LeftFrame Left(long id, string user, string reason = LeaveReasons.Quit, string room = Room, bool replay = false) =>
        new(id, T0.AddSeconds(id), user, reason, room, replay);

    /// <summary>The history page a server answers with: the events, oldest first.</summary>
    public static HistoryFrame Page(string room, bool more, params Frame[] events) => new(room, Events: events, More: more);

    /// <summary>The <see cref="MessageReceived"/> the client hands out for <see cref="Message"/>.</summary>
    public static MessageReceived Received(long id, string from, string text, EventSource source = EventSource.Live, string room = Room) =>
        new(room, id, T0.AddSeconds(id), from, text, source);
}

/// <summary>Short ways to ask a client what a test checks.</summary>
public static class ClientExtensions
{
    /// <summary>The members of <paramref name="room"/> (none when the client is not in it, or not connected).</summary>
    public static IReadOnlyList<string> Users(this ChatClient client, string room = Fake.Room) =>
        client.FindRoom(room)?.Users ?? [];
}
