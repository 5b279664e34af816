using Piazza.Protocol;
using Piazza.Testing;

namespace Piazza.Client.Core.Tests;

/// <summary>
/// The server stores a repeated ref once, against the real server: resending is safe, and refs
/// unique across connections and restarts keep new messages from being taken for old ones.
/// </summary>
public sealed class SafeResendTests
{
    private static async Task<ChatClient> ConnectAsync(int port, string user, string? refPrefix = null)
    {
        var client = new ChatClient(null, null, refPrefix);
        Assert.True((await client.ConnectAsync(Options.For(port, user)).WaitAsync(Wait.Default)).Succeeded);
        await Eventually.TrueAsync(() => client.FindRoom(Fake.Room)?.IsJoined == true, what: user + " in the room");
        return client;
    }

    /// <summary>Alice sends, closes the app, starts it again (a new client) and sends again; what bob sees.</summary>
    private static async Task<(SendResult Before, SendResult After, IReadOnlyList<string> BobSaw)> RestartBetweenTwoMessagesAsync(string? refPrefix)
    {
        await using var server = await TestServer.StartAsync();
        await using var bob = await RawPeer.JoinAsync(server.Port, "bob", Fake.Room);
        SendResult before;
        await using (var first = await ConnectAsync(server.Port, "alice", refPrefix))
        {
            before = await first.SendAsync(Fake.Room, "before the restart").WaitAsync(Wait.Default);
        }

        await using var second = await ConnectAsync(server.Port, "alice", refPrefix);
        var after = await second.SendAsync(Fake.Room, "after the restart").WaitAsync(Wait.Default);
        var history = await bob.HistoryAsync(Fake.Room);
        return (before, after, [.. history.OfType<MessageFrame>().Select(m => m.Text)]);
    }

    [Fact]
    public async Task A_restarted_clients_new_message_is_stored_and_not_taken_for_an_old_one()
    {
        var (before, after, stored) = await RestartBetweenTwoMessagesAsync(refPrefix: null);

        Assert.True(before.Succeeded && after.Succeeded);
        Assert.NotEqual(before.Id, after.Id);
        Assert.Equal(["before the restart", "after the restart"], stored);
    }

    [Fact]
    public async Task Refs_numbered_afresh_by_each_client_would_make_the_server_drop_the_new_message()
    {
        // What the random prefix prevents: both clients number their refs the same way, so the
        // second's first message repeats the first's ref, and the server takes it for that one.
        var (before, after, stored) = await RestartBetweenTwoMessagesAsync(refPrefix: "c");

        Assert.Equal(before.Id, after.Id);
        Assert.Equal(["before the restart"], stored);
    }

    [Fact]
    public async Task A_message_whose_ack_was_lost_with_the_connection_is_resent_and_stored_once()
    {
        await using var server = await TestServer.StartAsync();
        await using var proxy = FaultProxy.Start(server.EndPoint);
        await using var bob = await RawPeer.JoinAsync(server.Port, "bob", Fake.Room);
        await using var alice = new ChatClient();
        var events = new EventRecorder(alice);
        Assert.True((await alice.ConnectAsync(Options.For(proxy.Port)).WaitAsync(Wait.Default)).Succeeded);
        await events.WaitForAsync<RoomOpened>();

        // The server stores the message and acknowledges it, but nothing reaches alice any more.
        var link = Assert.Single(proxy.Connections);
        link.Stall(ProxyDirection.ServerToClient);
        var sending = alice.SendAsync(Fake.Room, "exactly once");
        await Eventually.TrueAsync(() => server.Logs.Entries.Any(e => e.Message.Contains("exactly once", StringComparison.Ordinal)), what: "the server to accept it");
        link.Reset();

        var result = await sending.WaitAsync(Wait.Default);
        var history = await bob.HistoryAsync(Fake.Room);
        var stored = Assert.Single(history.OfType<MessageFrame>(), m => m.Text == "exactly once");
        Assert.Equal(stored.Id, result.Id);
        var handed = await events.WaitForAsync<MessageReceived>(m => m.Text == "exactly once");
        Assert.Equal((stored.Id, stored.Ts, "alice"), (handed.Id, handed.Ts, handed.From));
        Assert.Single(events.All.OfType<MessageReceived>(), m => m.Text == "exactly once");
    }
}
