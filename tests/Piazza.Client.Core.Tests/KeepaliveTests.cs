using Microsoft.Extensions.Time.Testing;
using Piazza.Protocol;

namespace Piazza.Client.Core.Tests;

/// <summary>
/// Protocol §4 from the client's side, on a fake clock: answer pings at once, ping a silent
/// server, and give up on one that stays silent, without the user sending anything.
/// </summary>
public sealed class KeepaliveTests
{
    private static readonly ServerLimits Fast = ServerLimits.Default with { PingIntervalMs = 1000, TimeoutMs = 3000 };
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    private static async Task<(EventRecorder Events, FakePeer Peer)> JoinAsync(ChatClient client, FakeServer server)
    {
        var events = new EventRecorder(client);
        var connecting = client.ConnectAsync(Options.For(server.Port, autoReconnect: false));
        var (peer, _) = await server.AcceptAndWelcomeAsync(others: ["bob"], limits: Fast);
        Assert.True((await connecting.WaitAsync(Wait.Default)).Succeeded);
        await events.WaitForAsync<Joined>();
        // The room frame follows the welcome; its arrival is traffic too, so the silence the
        // tests measure starts only once it is in.
        await events.WaitForAsync<RoomOpened>();
        return (events, peer);
    }

    /// <summary>
    /// Frames leave the client in the order they were queued, so a say sent now reaching the
    /// server before any ping proves that no ping had been queued before it. The say is not
    /// acknowledged: an ack would be traffic and restart the silence being measured.
    /// </summary>
    private static async Task AssertNoPingYetAsync(ChatClient client, FakePeer peer)
    {
        _ = client.SendAsync(Fake.Room, "probe");
        Assert.IsType<SayFrame>(await peer.ReadFrameAsync());
    }

    [Fact]
    public async Task A_ping_from_the_server_is_answered_at_once()
    {
        var time = new FakeTimeProvider(T0);
        await using var client = new ChatClient(time);
        await using var server = FakeServer.Start();
        var (_, peer) = await JoinAsync(client, server);

        await peer.SendAsync(PingFrame.Instance);

        Assert.IsType<PongFrame>(await peer.ReadFrameAsync());
    }

    [Fact]
    public async Task The_client_pings_a_silent_server_after_the_announced_interval_and_not_before()
    {
        var time = new FakeTimeProvider(T0);
        await using var client = new ChatClient(time);
        await using var server = FakeServer.Start();
        var (_, peer) = await JoinAsync(client, server);

        time.Advance(TimeSpan.FromMilliseconds(999));
        await AssertNoPingYetAsync(client, peer);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.IsType<PingFrame>(await peer.ReadFrameAsync());
    }

    [Fact]
    public async Task Traffic_from_the_server_postpones_the_ping()
    {
        var time = new FakeTimeProvider(T0);
        await using var client = new ChatClient(time);
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server);

        time.Advance(TimeSpan.FromMilliseconds(800));
        await peer.SendAsync(new MessageFrame(2, T0, "bob", "still talking", Room: Fake.Room));
        await events.WaitForAsync<MessageReceived>();
        time.Advance(TimeSpan.FromMilliseconds(800));
        await AssertNoPingYetAsync(client, peer);
        time.Advance(TimeSpan.FromMilliseconds(200));

        Assert.IsType<PingFrame>(await peer.ReadFrameAsync());
    }

    [Fact]
    public async Task A_server_that_stops_answering_is_declared_lost_after_the_timeout_without_any_send()
    {
        var time = new FakeTimeProvider(T0);
        await using var client = new ChatClient(time);
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.IsType<PingFrame>(await peer.ReadFrameAsync());
        // No pong: the connection is half-open as far as the client can tell.
        time.Advance(TimeSpan.FromMilliseconds(1999));
        // Still open: a connection given up on would not carry the probe.
        await AssertNoPingYetAsync(client, peer);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(new ConnectionLost("The server did not answer for 3 seconds."), await events.WaitForAsync<ConnectionLost>());
        var status = await events.WaitForStateAsync(ConnectionState.Disconnected);
        Assert.Equal("The server did not answer for 3 seconds.", status.LastError);
        Assert.Empty(client.Users());
        Assert.True(await peer.WaitForCloseAsync(), "the client should close the dead connection");
    }

    [Fact]
    public async Task Only_one_ping_goes_out_per_stretch_of_silence()
    {
        var time = new FakeTimeProvider(T0);
        await using var client = new ChatClient(time);
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.IsType<PingFrame>(await peer.ReadFrameAsync());
        time.Advance(TimeSpan.FromMilliseconds(1500));
        await AssertNoPingYetAsync(client, peer);
        // Traffic ends the stretch; the next one gets its own ping.
        await peer.SendAsync(new MessageFrame(2, T0, "bob", "here", Room: Fake.Room));
        await events.WaitForAsync<MessageReceived>();
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.IsType<PingFrame>(await peer.ReadFrameAsync());
    }
}
