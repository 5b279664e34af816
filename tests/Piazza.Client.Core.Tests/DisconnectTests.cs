using Microsoft.Extensions.Time.Testing;
using Piazza.Protocol;

namespace Piazza.Client.Core.Tests;

/// <summary>Leaving on purpose: bye, a clean close, bounded time, no reconnect.</summary>
public sealed class DisconnectTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task DisconnectAsync_says_bye_waits_for_the_server_to_close_and_does_not_reconnect()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var events = new EventRecorder(client);
        var connecting = client.ConnectAsync(Options.For(server.Port));
        var (peer, _) = await server.AcceptAndWelcomeAsync();
        await connecting;

        var disconnecting = client.DisconnectAsync();
        Assert.IsType<ByeFrame>(await peer.ReadFrameAsync());
        Assert.False(disconnecting.IsCompleted);
        peer.Close();
        await disconnecting.WaitAsync(Wait.Default);

        Assert.Equal(new ChatStatus(ConnectionState.Disconnected, "alice", "127.0.0.1", server.Port), client.Status);
        Assert.Empty(client.Users());
        Assert.True(client.ReconnectLoop.IsCompleted);
        Assert.DoesNotContain(events.All, e => e is ConnectionLost or ReconnectScheduled);
    }

    [Fact]
    public async Task An_ack_that_arrives_after_bye_but_before_the_close_still_completes_the_send()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var connecting = client.ConnectAsync(Options.For(server.Port));
        var (peer, _) = await server.AcceptAndWelcomeAsync();
        await connecting;

        var sending = client.SendAsync(Fake.Room, "last words");
        var say = await peer.ExpectAsync<SayFrame>();
        var disconnecting = client.DisconnectAsync();
        await peer.ExpectAsync<ByeFrame>();
        await peer.SendAsync(new AckFrame(say.Ref, 3, T0));
        peer.Close();
        await disconnecting.WaitAsync(Wait.Default);

        Assert.Equal(new SendResult(true, 3, T0, null, null), await sending.WaitAsync(Wait.Default));
    }

    [Fact]
    public async Task Sends_still_unacknowledged_at_the_close_fail_as_connection_lost()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var connecting = client.ConnectAsync(Options.For(server.Port));
        var (peer, _) = await server.AcceptAndWelcomeAsync();
        await connecting;

        var sending = client.SendAsync(Fake.Room, "never acked");
        await peer.ExpectAsync<SayFrame>();
        var disconnecting = client.DisconnectAsync();
        await peer.ExpectAsync<ByeFrame>();
        peer.Close();
        await disconnecting.WaitAsync(Wait.Default);

        Assert.Equal(
            new SendResult(false, null, null, "connection_lost", "The connection was closed before the server confirmed the message."),
            await sending.WaitAsync(Wait.Default));
    }

    [Fact]
    public async Task A_server_that_ignores_bye_is_closed_on_after_the_grace_period()
    {
        var time = new FakeTimeProvider(T0);
        await using var client = new ChatClient(time);
        await using var server = FakeServer.Start();
        var events = new EventRecorder(client);
        var connecting = client.ConnectAsync(Options.For(server.Port));
        var (peer, _) = await server.AcceptAndWelcomeAsync();
        await connecting;

        var disconnecting = client.DisconnectAsync();
        await peer.ExpectAsync<ByeFrame>();
        time.Advance(ChatClient.CloseGrace - TimeSpan.FromMilliseconds(1));
        // Still reading: a connection already closed would not deliver this.
        await peer.SendAsync(new MessageFrame(2, T0, "bob", "wait", Room: Fake.Room));
        await events.WaitForAsync<MessageReceived>();
        Assert.False(disconnecting.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await disconnecting.WaitAsync(Wait.Default);

        Assert.True(await peer.WaitForCloseAsync());
        Assert.Equal(ConnectionState.Disconnected, client.Status.State);
    }

    [Fact]
    public async Task DisposeAsync_says_bye_when_connected()
    {
        var client = new ChatClient();
        await using var server = FakeServer.Start();
        var connecting = client.ConnectAsync(Options.For(server.Port));
        var (peer, _) = await server.AcceptAndWelcomeAsync();
        await connecting;

        var disposing = client.DisposeAsync().AsTask();
        await peer.ExpectAsync<ByeFrame>();
        peer.Close();
        await disposing.WaitAsync(Wait.Default);

        Assert.Equal(ConnectionState.Disconnected, client.Status.State);
        await client.DisposeAsync();
    }

    [Fact]
    public async Task DisconnectAsync_during_a_connect_cancels_the_connect()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var connecting = client.ConnectAsync(Options.For(server.Port));
        var peer = await server.AcceptAsync();
        await peer.ExpectAsync<HelloFrame>();

        await client.DisconnectAsync().WaitAsync(Wait.Default);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connecting.WaitAsync(Wait.Default));
        Assert.Equal(ConnectionState.Disconnected, client.Status.State);
        Assert.True(await peer.WaitForCloseAsync());
    }
}
