using Microsoft.Extensions.Time.Testing;
using Piazza.Protocol;

namespace Piazza.Client.Core.Tests;

/// <summary>Losing the connection and getting it back, on a fake clock against fake servers.</summary>
public sealed class ReconnectTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    private static ChatConnectionOptions DefaultPolicy(int port) =>
        Options.For(port) with { Reconnect = ReconnectPolicy.Default };

    private static async Task<(EventRecorder Events, FakePeer Peer)> JoinAsync(
        ChatClient client, FakeServer server, long lastId = 1)
    {
        var events = new EventRecorder(client);
        var connecting = client.ConnectAsync(DefaultPolicy(server.Port));
        var (peer, _) = await server.AcceptAndWelcomeAsync(others: ["bob"], lastId: lastId);
        Assert.True((await connecting.WaitAsync(Wait.Default)).Succeeded);
        await events.WaitForAsync<Joined>();
        await events.WaitForAsync<RoomOpened>();
        return (events, peer);
    }

    [Fact]
    public async Task A_dropped_connection_keeps_unconfirmed_sends_waiting_reports_the_loss_and_schedules_a_reconnect()
    {
        var time = new FakeTimeProvider(T0);
        await using var client = new ChatClient(time);
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server);

        var pending = client.SendAsync(Fake.Room, "are you there?");
        var say = await peer.ExpectAsync<SayFrame>();
        peer.Close();

        Assert.Equal(new ConnectionLost("The server closed the connection."), await events.WaitForAsync<ConnectionLost>());
        var scheduled = await events.WaitForAsync<ReconnectScheduled>();
        Assert.Equal(1, scheduled.Attempt);
        Assert.InRange(scheduled.Delay, TimeSpan.FromSeconds(0.4), TimeSpan.FromSeconds(0.5));
        Assert.Equal(T0 + scheduled.Delay, scheduled.At);
        var status = client.Status;
        Assert.Equal(
            new ChatStatus(ConnectionState.Reconnecting, "alice", "127.0.0.1", server.Port, 1, scheduled.At, "The server closed the connection."),
            status);
        Assert.Empty(client.Users());
        Assert.False(client.FindRoom(Fake.Room)!.IsJoined);

        // Protocol 2: the server stores a repeated ref once, so what was sent and not confirmed
        // waits to go out again with its ref, and so does what is typed while reconnecting.
        var typed = client.Post(Fake.Room, "now?");
        Assert.Equal(OutgoingState.Waiting, typed.State);
        Assert.Equal(
            [(say.Ref!, "are you there?", OutgoingState.Waiting), (typed.Ref, "now?", OutgoingState.Waiting)],
            client.Outbox.Select(m => (m.Ref, m.Text, m.State)));
        Assert.False(pending.IsCompleted);
    }

    [Fact]
    public async Task After_the_delay_it_rejoins_with_the_same_name_and_announces_a_reconnect()
    {
        var time = new FakeTimeProvider(T0);
        await using var client = new ChatClient(time);
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server, lastId: 7);
        await peer.SendAsync(new MessageFrame(8, T0, "bob", "before the drop", Room: Fake.Room));
        await events.WaitForAsync<MessageReceived>();

        peer.Close();
        var scheduled = await events.WaitForAsync<ReconnectScheduled>();
        time.Advance(scheduled.Delay);
        var again = await server.AcceptAsync();
        var hello = await again.ExpectAsync<HelloFrame>();
        await again.WelcomeAsync("alice", ["bob"], lastId: 9);

        // The session token goes along for a takeover, and the room with its cursor (the epoch and
        // the last event handed out) so that the server sends exactly what was missed.
        Assert.Equal(("alice", 2, "piazza-client/0.1", "session-alice", null), (hello.User, hello.Protocol, hello.Client, hello.Session, hello.Since));
        Assert.Equal(new RoomCursor(8, Fake.Epoch), Assert.Single(hello.Rooms!, r => r.Key == Fake.Room).Value);
        var joined = await events.WaitForAsync<Joined>();
        Assert.True(joined.IsReconnect);
        var reopened = await events.WaitForAsync<RoomOpened>();
        Assert.True(reopened.Continues);
        Assert.Equal(["bob", "alice"], reopened.Room.Users);
        Assert.Equal(ConnectionState.Connected, client.Status.State);
        Assert.Equal(["bob", "alice"], client.Users());

        var sending = client.SendAsync(Fake.Room, "back again");
        var say = await again.ExpectAsync<SayFrame>();
        await again.SendAsync(new AckFrame(say.Ref, 10, T0));
        Assert.Equal(10, (await sending.WaitAsync(Wait.Default)).Id);
    }

    [Fact]
    public async Task A_name_still_held_by_the_dead_connection_is_a_retryable_failure()
    {
        var time = new FakeTimeProvider(T0);
        await using var client = new ChatClient(time);
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server);

        peer.Close();
        var first = await events.WaitForAsync<ReconnectScheduled>();
        time.Advance(first.Delay);
        var refused = await server.AcceptAsync();
        await refused.ExpectAsync<HelloFrame>();
        await refused.SendAsync(new ErrorFrame(ErrorCodes.UsernameTaken, "The username 'alice' is already in use.", Suggestion: "alice_2"));

        var failed = await events.WaitForAsync<ReconnectFailed>();
        Assert.Equal(1, failed.Attempt);
        Assert.Equal(ConnectFailureKind.UsernameTaken, failed.Failure.Kind);
        var second = await events.WaitForAsync<ReconnectScheduled>();
        Assert.Equal(2, second.Attempt);
        Assert.InRange(second.Delay, TimeSpan.FromSeconds(0.8), TimeSpan.FromSeconds(1));
        Assert.Equal(failed.Failure.Message, client.Status.LastError);
        Assert.IsType<ByeFrame>(await refused.ReadFrameAsync());

        time.Advance(second.Delay);
        var accepted = await server.AcceptAsync();
        var hello = await accepted.ExpectAsync<HelloFrame>();
        await accepted.WelcomeAsync(hello.User, ["bob"]);

        Assert.Equal("alice", hello.User);
        Assert.True((await events.WaitForAsync<Joined>()).IsReconnect);
    }

    [Fact]
    public async Task It_keeps_trying_with_growing_jittered_delays_up_to_the_cap_and_never_gives_up()
    {
        var time = new FakeTimeProvider(T0);
        await using var client = new ChatClient(time);
        var server = FakeServer.Start();
        var (events, _) = await JoinAsync(client, server);

        // The server goes away for good: every attempt is refused.
        await server.DisposeAsync();
        await events.WaitForAsync<ConnectionLost>();
        var policy = ReconnectPolicy.Default;
        for (var attempt = 1; attempt <= 12; attempt++)
        {
            var scheduled = await events.WaitForAsync<ReconnectScheduled>();
            var ceiling = TimeSpan.FromSeconds(Math.Min(30, 0.5 * Math.Pow(2, attempt - 1)));
            Assert.Equal(attempt, scheduled.Attempt);
            Assert.InRange(scheduled.Delay, ceiling * (1 - policy.Jitter), ceiling);
            Assert.Equal(time.GetUtcNow() + scheduled.Delay, scheduled.At);
            var status = (await events.WaitForAsync<StatusChanged>(s => s.Status.NextAttemptAt is not null)).Status;
            Assert.Equal((ConnectionState.Reconnecting, attempt, scheduled.At), (status.State, status.ReconnectAttempt, status.NextAttemptAt));

            time.Advance(scheduled.Delay);
            var failed = await events.WaitForAsync<ReconnectFailed>();
            Assert.Equal(attempt, failed.Attempt);
            Assert.Equal(ConnectFailureKind.ConnectionRefused, failed.Failure.Kind);
        }

        Assert.Equal(13, (await events.WaitForAsync<ReconnectScheduled>()).Attempt);
        Assert.Equal(ConnectionState.Reconnecting, client.Status.State);
    }

    [Fact]
    public async Task CancelReconnect_stops_the_attempts_and_keeps_the_last_error()
    {
        var time = new FakeTimeProvider(T0);
        await using var client = new ChatClient(time);
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server);
        peer.Close();
        await events.WaitForAsync<ReconnectScheduled>();

        client.CancelReconnect();

        var status = await events.WaitForStateAsync(ConnectionState.Disconnected);
        Assert.Equal(new ChatStatus(ConnectionState.Disconnected, "alice", "127.0.0.1", server.Port, LastError: "The server closed the connection."), status);
        await client.ReconnectLoop.WaitAsync(Wait.Default);
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(ConnectionState.Disconnected, client.Status.State);

        // The user can still connect by hand afterwards.
        var connecting = client.ConnectAsync(DefaultPolicy(server.Port));
        var (_, hello) = await server.AcceptAndWelcomeAsync();
        Assert.True((await connecting.WaitAsync(Wait.Default)).Succeeded);
        Assert.Equal(2, server.AcceptedCount);
        Assert.False((await events.WaitForAsync<Joined>()).IsReconnect);
        Assert.Equal("alice", hello.User);
    }

    [Fact]
    public async Task ReconnectNow_starts_the_waiting_attempt_at_once_and_a_failure_goes_on_with_the_backoff()
    {
        var time = new FakeTimeProvider(T0);
        await using var client = new ChatClient(time);
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server);
        Assert.False(client.ReconnectNow());

        peer.Close();
        var first = await events.WaitForAsync<ReconnectScheduled>();
        await events.WaitForAsync<StatusChanged>(s => s.Status.NextAttemptAt == first.At);

        // No time passes: the attempt starts because it was asked for.
        Assert.True(client.ReconnectNow());
        var refused = await server.AcceptAsync();
        await refused.ExpectAsync<HelloFrame>();
        Assert.Null(client.Status.NextAttemptAt);
        Assert.False(client.ReconnectNow());
        await refused.SendAsync(new ErrorFrame(ErrorCodes.UsernameTaken, "The username 'alice' is already in use."));

        Assert.Equal(1, (await events.WaitForAsync<ReconnectFailed>()).Attempt);
        var second = await events.WaitForAsync<ReconnectScheduled>();
        Assert.Equal(2, second.Attempt);
        Assert.InRange(second.Delay, TimeSpan.FromSeconds(0.8), TimeSpan.FromSeconds(1));
        await events.WaitForAsync<StatusChanged>(s => s.Status.NextAttemptAt == second.At);

        Assert.True(client.ReconnectNow());
        var accepted = await server.AcceptAsync();
        var hello = await accepted.ExpectAsync<HelloFrame>();
        await accepted.WelcomeAsync(hello.User, ["bob"]);
        Assert.True((await events.WaitForAsync<Joined>()).IsReconnect);
        Assert.Equal(T0, time.GetUtcNow());
        Assert.False(client.ReconnectNow());
    }

    [Fact]
    public async Task DisconnectAsync_while_reconnecting_stops_for_good_and_clears_the_error()
    {
        var time = new FakeTimeProvider(T0);
        await using var client = new ChatClient(time);
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server);
        peer.Close();
        await events.WaitForAsync<ReconnectScheduled>();

        await client.DisconnectAsync().WaitAsync(Wait.Default);

        Assert.True(client.ReconnectLoop.IsCompleted);
        Assert.Equal(new ChatStatus(ConnectionState.Disconnected, "alice", "127.0.0.1", server.Port), client.Status);
    }

    [Fact]
    public async Task DisposeAsync_while_reconnecting_stops_it_and_ends_the_event_stream()
    {
        var time = new FakeTimeProvider(T0);
        var client = new ChatClient(time);
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server);
        var reading = Task.Run(async () =>
        {
            var count = 0;
            await foreach (var _ in client.ReadEventsAsync())
            {
                count++;
            }

            return count;
        });
        peer.Close();
        await events.WaitForAsync<ReconnectScheduled>();

        await client.DisposeAsync().AsTask().WaitAsync(Wait.Default);

        Assert.True(client.ReconnectLoop.IsCompleted);
        Assert.Equal(ConnectionState.Disconnected, client.Status.State);
        Assert.True(await reading.WaitAsync(Wait.Default) > 0);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.ConnectAsync(DefaultPolicy(server.Port)));
        Assert.Equal("not_connected", (await client.SendAsync(Fake.Room, "hello?")).ErrorCode);
    }

    [Fact]
    public async Task A_shutdown_is_reported_and_followed_by_reconnecting_since_the_server_may_come_back()
    {
        var time = new FakeTimeProvider(T0);
        await using var client = new ChatClient(time);
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server);

        await peer.SendAsync(ShutdownFrame.Default);
        peer.Close();

        Assert.Equal(new ServerShuttingDown("The server is shutting down."), await events.WaitForAsync<ServerShuttingDown>());
        Assert.Equal(new ConnectionLost("The server is shutting down."), await events.WaitForAsync<ConnectionLost>());
        Assert.Equal(1, (await events.WaitForAsync<ReconnectScheduled>()).Attempt);
    }

    [Fact]
    public async Task Without_auto_reconnect_a_loss_leaves_the_client_disconnected_with_the_reason()
    {
        var time = new FakeTimeProvider(T0);
        await using var client = new ChatClient(time);
        await using var server = FakeServer.Start();
        var events = new EventRecorder(client);
        var connecting = client.ConnectAsync(Options.For(server.Port, autoReconnect: false));
        var (peer, _) = await server.AcceptAndWelcomeAsync();
        await connecting.WaitAsync(Wait.Default);

        peer.Close();

        await events.WaitForAsync<ConnectionLost>();
        var status = await events.WaitForStateAsync(ConnectionState.Disconnected);
        Assert.Equal("The server closed the connection.", status.LastError);
        Assert.True(client.ReconnectLoop.IsCompleted);
        Assert.DoesNotContain(events.All, e => e is ReconnectScheduled);
    }

    [Fact]
    public async Task History_already_shown_is_not_shown_twice_after_a_reconnect()
    {
        var time = new FakeTimeProvider(T0);
        await using var client = new ChatClient(time);
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server, lastId: 4);
        await peer.SendAsync(new MessageFrame(5, T0, "bob", "five", Room: Fake.Room));
        await peer.SendAsync(new MessageFrame(6, T0, "bob", "six", Room: Fake.Room));
        await events.WaitForAsync<MessageReceived>(m => m.Id == 6);

        peer.Close();
        time.Advance((await events.WaitForAsync<ReconnectScheduled>()).Delay);
        var again = await server.AcceptAsync();
        await again.ExpectAsync<HelloFrame>();
        // Rejoining after id 6 (9 is the client's own joined): the replay holds 7 and 8, and here
        // also 5 and 6, which the client already handed out.
        await again.WelcomeAsync("alice", ["bob"], lastId: 9);
        foreach (var (id, text) in new[] { (5L, "five"), (6L, "six"), (7L, "seven"), (8L, "eight") })
        {
            await again.SendAsync(new MessageFrame(id, T0, "bob", text, Replay: true, Room: Fake.Room));
        }

        await again.SendAsync(new MessageFrame(10, T0, "bob", "live", Room: Fake.Room));

        await events.WaitForAsync<Joined>();
        Assert.Equal(("seven", EventSource.CatchUp), Text(await events.WaitForAsync<MessageReceived>()));
        Assert.Equal(("eight", EventSource.CatchUp), Text(await events.WaitForAsync<MessageReceived>()));
        Assert.Equal(("live", EventSource.Live), Text(await events.WaitForAsync<MessageReceived>()));

        static (string, EventSource) Text(MessageReceived m) => (m.Text, m.Source);
    }

    [Fact]
    public async Task After_a_server_restart_with_a_new_sequence_its_history_is_all_shown()
    {
        var time = new FakeTimeProvider(T0);
        await using var client = new ChatClient(time);
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server, lastId: 40);

        peer.Close();
        time.Advance((await events.WaitForAsync<ReconnectScheduled>()).Delay);
        var again = await server.AcceptAsync();
        await again.ExpectAsync<HelloFrame>();
        // A restarted server without persistent history counts from 1 again, in a new epoch.
        await again.WelcomeOnlyAsync("alice");
        await again.OpenRoomAsync(Fake.Room, ["bob", "alice"], lastId: 3, epoch: "e2", truncated: true);
        await again.SendAsync(new MessageFrame(1, T0, "bob", "first after restart", Replay: true, Room: Fake.Room));
        Assert.False((await events.WaitForAsync<RoomOpened>(o => o.Room.Epoch == "e2")).Continues);

        Assert.Equal("first after restart", (await events.WaitForAsync<MessageReceived>()).Text);
    }

    [Fact]
    public async Task Connecting_by_hand_while_reconnecting_replaces_the_reconnect()
    {
        var time = new FakeTimeProvider(T0);
        await using var client = new ChatClient(time);
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server);
        peer.Close();
        await events.WaitForAsync<ReconnectScheduled>();
        var loop = client.ReconnectLoop;

        var connecting = client.ConnectAsync(DefaultPolicy(server.Port) with { Username = "alice2" });
        var (_, hello) = await server.AcceptAndWelcomeAsync();
        var result = await connecting.WaitAsync(Wait.Default);

        Assert.True(result.Succeeded);
        Assert.Equal("alice2", hello.User);
        Assert.True(loop.IsCompleted);
        Assert.False((await events.WaitForAsync<Joined>()).IsReconnect);
    }

    [Fact]
    public async Task A_server_that_keeps_dropping_right_after_the_welcome_is_retried_ever_more_slowly_until_a_session_lasts()
    {
        var time = new FakeTimeProvider(T0);
        await using var client = new ChatClient(time);
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server);

        peer.Close();
        var firstDelays = new List<TimeSpan>();
        for (var round = 0; round < 4; round++)
        {
            var scheduled = await events.WaitForAsync<ReconnectScheduled>();
            Assert.Equal(1, scheduled.Attempt);
            firstDelays.Add(scheduled.Delay);
            time.Advance(scheduled.Delay);
            (peer, _) = await server.AcceptAndWelcomeAsync(others: ["bob"]);
            await events.WaitForAsync<Joined>(j => j.IsReconnect);
            peer.Close();
        }

        // Round n starts where a plain backoff would be at attempt n + 1: 0.5 s, 1 s, 2 s, 4 s.
        for (var round = 0; round < 4; round++)
        {
            var ceiling = TimeSpan.FromSeconds(0.5 * Math.Pow(2, round));
            Assert.InRange(firstDelays[round], ceiling * 0.8, ceiling);
        }

        // A session that lasts resets the backoff.
        var next = await events.WaitForAsync<ReconnectScheduled>();
        time.Advance(next.Delay);
        (peer, _) = await server.AcceptAndWelcomeAsync(others: ["bob"]);
        await events.WaitForAsync<Joined>(j => j.IsReconnect);
        // The room frame after the welcome is traffic: the silence starts once it is in.
        await events.WaitForAsync<RoomOpened>();
        time.Advance(TimeSpan.FromSeconds(31));
        await peer.ExpectAsync<PingFrame>();
        await peer.SendAsync(PongFrame.Instance);
        await AssertConnectedAsync(client, peer);
        peer.Close();
        Assert.InRange((await events.WaitForAsync<ReconnectScheduled>()).Delay, TimeSpan.FromSeconds(0.4), TimeSpan.FromSeconds(0.5));
    }

    /// <summary>A round trip proves the session is alive now.</summary>
    private static async Task AssertConnectedAsync(ChatClient client, FakePeer peer)
    {
        var sending = client.SendAsync(Fake.Room, "alive?");
        var say = await peer.ExpectAsync<SayFrame>();
        await peer.SendAsync(new AckFrame(say.Ref, 100, T0));
        Assert.True((await sending.WaitAsync(Wait.Default)).Succeeded);
    }
}
