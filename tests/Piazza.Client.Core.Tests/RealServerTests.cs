using Piazza.Protocol;
using Piazza.Server;
using Piazza.Testing;

namespace Piazza.Client.Core.Tests;

/// <summary>The client against the real Piazza server, in process on 127.0.0.1 with a free port.</summary>
public sealed class RealServerTests
{
    private static async Task<(ChatClient Client, EventRecorder Events)> JoinAsync(TestServer server, string user)
    {
        var client = new ChatClient();
        var events = new EventRecorder(client);
        var result = await client.ConnectAsync(Options.For(server.Port, user)).WaitAsync(Wait.Default);
        Assert.True(result.Succeeded, result.Failure?.Message);
        // The connect completes with the welcome; the room follows in its own frame.
        await Eventually.TrueAsync(() => client.FindRoom(Fake.Room)?.IsJoined == true, what: user + " in the room");
        return (client, events);
    }

    [Fact]
    public async Task Two_clients_chat_both_ways_and_each_sender_gets_the_ack_of_what_the_other_received()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, aliceEvents) = await JoinAsync(server, "alice");
        await using var _ = alice;
        var (bob, bobEvents) = await JoinAsync(server, "bob");
        await using var __ = bob;

        var toBob = await alice.SendAsync(Fake.Room, "ciao bob 👋").WaitAsync(Wait.Default);
        var atBob = await bobEvents.WaitForAsync<MessageReceived>(m => m.From == "alice");
        var toAlice = await bob.SendAsync(Fake.Room, "ciao alice\nwith a second line").WaitAsync(Wait.Default);
        var atAlice = await aliceEvents.WaitForAsync<MessageReceived>(m => m.From == "bob");

        Assert.True(toBob.Succeeded);
        Assert.Equal(new MessageReceived(Fake.Room, toBob.Id!.Value, toBob.Ts!.Value, "alice", "ciao bob 👋"), atBob);
        Assert.True(toAlice.Succeeded);
        Assert.Equal(new MessageReceived(Fake.Room, toAlice.Id!.Value, toAlice.Ts!.Value, "bob", "ciao alice\nwith a second line"), atAlice);
        Assert.True(toAlice.Id > toBob.Id);
        Assert.Empty(server.Logs.Problems);
    }

    [Fact]
    public async Task The_member_list_follows_joins_and_leaves_with_their_reasons()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, events) = await JoinAsync(server, "alice");
        await using var _ = alice;
        Assert.Equal(["alice"], alice.Users());

        var (bob, bobEvents) = await JoinAsync(server, "bob");
        var bobJoined = await bobEvents.WaitForAsync<RoomOpened>();
        Assert.Equal(["alice", "bob"], bobJoined.Room.Users);
        Assert.Equal("bob", (await events.WaitForAsync<UserJoined>()).User);
        Assert.Equal(["alice", "bob"], (await events.WaitForAsync<UsersChanged>(u => u.Users.Count == 2)).Users);

        await bob.DisposeAsync();

        var left = await events.WaitForAsync<UserLeft>();
        Assert.Equal(("bob", LeaveReasons.Quit), (left.User, left.Reason));
        Assert.Equal(["alice"], (await events.WaitForAsync<UsersChanged>(u => u.Users.Count == 1)).Users);
        Assert.Equal(["alice"], alice.Users());
    }

    [Fact]
    public async Task A_taken_name_comes_back_with_the_servers_suggestion()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, _) = await JoinAsync(server, "alice");
        await using var __ = alice;
        await using var second = new ChatClient();

        var result = await second.ConnectAsync(Options.For(server.Port, "ALICE")).WaitAsync(Wait.Default);

        Assert.Equal(ConnectFailureKind.UsernameTaken, result.Failure!.Kind);
        Assert.Equal("Username", result.Failure.Field);
        Assert.Equal("ALICE_2", result.Failure.Suggestion);
        Assert.Equal("The username 'ALICE' is already in use; try 'ALICE_2'.", result.Failure.Message);

        // The suggestion is free: taking it works.
        var retry = await second.ConnectAsync(Options.For(server.Port, result.Failure.Suggestion!)).WaitAsync(Wait.Default);
        Assert.True(retry.Succeeded);
        await Eventually.TrueAsync(() => second.Users().Count == 2, what: "ALICE_2 in the room");
        Assert.Equal(["alice", "ALICE_2"], second.Users());
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("9lives")]
    [InlineData("no spaces")]
    public async Task A_name_the_server_refuses_is_username_invalid_with_the_servers_sentence(string user)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = new ChatClient();

        var options = Options.For(server.Port, user) with { SkipLocalValidation = true };
        var result = await client.ConnectAsync(options).WaitAsync(Wait.Default);

        Assert.Equal(ConnectFailureKind.UsernameInvalid, result.Failure!.Kind);
        Assert.Equal("Username", result.Failure.Field);
        Assert.Equal(UsernameRules.Validate(user).Message, result.Failure.Message);
    }

    [Fact]
    public async Task A_full_server_says_so_at_once()
    {
        await using var server = await TestServer.StartAsync(o => o with { MaxConnections = 1 });
        var (alice, _) = await JoinAsync(server, "alice");
        await using var __ = alice;
        await using var bob = new ChatClient();

        var result = await bob.ConnectAsync(Options.For(server.Port, "bob")).WaitAsync(Wait.Default);

        Assert.Equal(ConnectFailureKind.ServerFull, result.Failure!.Kind);
        Assert.Equal($"The server at 127.0.0.1:{server.Port} is full; try again later.", result.Failure.Message);
        Assert.Equal(ConnectionState.Disconnected, bob.Status.State);
        Assert.Equal(ConnectionState.Connected, alice.Status.State);
    }

    [Fact]
    public async Task A_burst_of_sends_is_slowed_by_flood_control_but_every_one_is_acked_in_order()
    {
        await using var server = await TestServer.StartAsync(o => o with { RateBurst = 5, RatePerSecond = 40 });
        var (alice, _) = await JoinAsync(server, "alice");
        await using var _ = alice;
        var (bob, bobEvents) = await JoinAsync(server, "bob");
        await using var __ = bob;

        var results = await Task.WhenAll(Enumerable.Range(0, 25).Select(i => alice.SendAsync(Fake.Room, $"m{i}"))).WaitAsync(Wait.Default);

        Assert.All(results, r => Assert.True(r.Succeeded, r.ErrorMessage));
        Assert.Equal(25, results.Select(r => r.Id).Distinct().Count());
        for (var i = 0; i < 25; i++)
        {
            var received = await bobEvents.WaitForAsync<MessageReceived>();
            Assert.Equal($"m{i}", received.Text);
            Assert.Equal(results[i].Id, received.Id);
        }
    }

    [Fact]
    public async Task Disconnecting_politely_shows_as_quit_to_the_others()
    {
        await using var server = await TestServer.StartAsync();
        var (alice, events) = await JoinAsync(server, "alice");
        await using var _ = alice;
        var (bob, _) = await JoinAsync(server, "bob");
        await using var __ = bob;

        await bob.DisconnectAsync().WaitAsync(Wait.Default);

        Assert.Equal(LeaveReasons.Quit, (await events.WaitForAsync<UserLeft>()).Reason);
        Assert.Equal(ConnectionState.Disconnected, bob.Status.State);
        await Eventually.TrueAsync(() => server.Server.ConnectionCount == 1, what: "the server to close bob's connection");
    }

    [Fact]
    public async Task A_server_that_stops_mid_session_is_reported_and_reconnecting_starts()
    {
        var server = await TestServer.StartAsync();
        var (alice, events) = await JoinAsync(server, "alice");
        await using var _ = alice;

        await server.DisposeAsync();

        Assert.Equal("The server is shutting down.", (await events.WaitForAsync<ServerShuttingDown>()).Message);
        Assert.Equal("The server is shutting down.", (await events.WaitForAsync<ConnectionLost>()).Reason);
        Assert.Equal(1, (await events.WaitForAsync<ReconnectScheduled>()).Attempt);
        var failed = await events.WaitForAsync<ReconnectFailed>();
        Assert.Equal(ConnectFailureKind.ConnectionRefused, failed.Failure.Kind);
        Assert.Equal(OutgoingState.Waiting, alice.Post(Fake.Room, "anyone?").State);
    }

    [Fact]
    public async Task After_a_restart_on_the_same_port_the_client_rejoins_by_itself_and_chats_again()
    {
        var first = await TestServer.StartAsync();
        var port = first.Port;
        var (alice, events) = await JoinAsync(first, "alice");
        await using var _ = alice;

        await first.DisposeAsync();
        await events.WaitForAsync<ConnectionLost>();
        await events.WaitForAsync<ReconnectFailed>();
        await using var second = await TestServer.StartAsync(port: port);

        var joined = await events.WaitForAsync<Joined>();
        Assert.True(joined.IsReconnect);
        // The memory store lost the room's history: a new epoch, and a room that starts afresh.
        var reopened = await events.WaitForAsync<RoomOpened>();
        Assert.False(reopened.Continues);
        Assert.Equal(["alice"], reopened.Room.Users);
        Assert.Equal(ConnectionState.Connected, alice.Status.State);
        var (bob, bobEvents) = await JoinAsync(second, "bob");
        await using var __ = bob;
        var sent = await alice.SendAsync(Fake.Room, "back after the restart").WaitAsync(Wait.Default);
        Assert.True(sent.Succeeded);
        Assert.Equal("back after the restart", (await bobEvents.WaitForAsync<MessageReceived>()).Text);
    }

    [Fact]
    public async Task A_host_name_is_resolved_and_white_space_around_it_ignored()
    {
        await using var client = new ChatClient();
        await using var server = await TestServer.StartAsync();

        // Where localhost also resolves to ::1 (where nothing listens), the next address is tried.
        var result = await client.ConnectAsync(Options.For(server.Port) with { Host = " localhost " }).WaitAsync(Wait.Default);

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal("localhost", result.Welcome!.Host);
    }

    [Fact]
    public async Task A_send_after_disconnect_began_is_refused_rather_than_lost_behind_the_bye()
    {
        await using var client = new ChatClient();
        await using var server = await TestServer.StartAsync();
        Assert.True((await client.ConnectAsync(Options.For(server.Port))).Succeeded);

        var disconnecting = client.DisconnectAsync();
        var late = await client.SendAsync(Fake.Room, "too late");
        await disconnecting.WaitAsync(Wait.Default);

        Assert.Equal("not_connected", late.ErrorCode);
        Assert.Equal(ConnectionState.Disconnected, client.Status.State);
    }

    [Fact]
    public async Task A_message_held_back_by_flood_control_when_the_server_went_away_goes_out_when_it_is_back()
    {
        // Flood control with two tokens and almost no refill: the hello takes one, the first say
        // the other; the server then stops reading, so the second say stays unacknowledged, and
        // by the rate the welcome announced the client knows it is being held back.
        var server = await TestServer.StartAsync(o => o with { RateBurst = 2, RatePerSecond = 0.01 });
        var port = server.Port;
        var (alice, events) = await JoinAsync(server, "alice");
        await using var _ = alice;
        Assert.True((await alice.SendAsync(Fake.Room, "one").WaitAsync(Wait.Default)).Succeeded);
        var pending = alice.SendAsync(Fake.Room, "two");
        var held = await events.WaitForAsync<OutboxChanged>(o => o.Message.Text == "two" && o.Message.State != OutgoingState.Waiting);
        Assert.Equal(OutgoingState.SendingSlowly, held.Message.State);

        // Protocol 2: the server stores a repeated ref once, so the message waits and goes out
        // again, with its ref, on the next connection.
        await server.DisposeAsync();
        await events.WaitForAsync<ConnectionLost>();
        await events.WaitForAsync<ReconnectScheduled>();
        Assert.Equal(OutgoingState.Waiting, Assert.Single(alice.Outbox).State);
        await using var second = await TestServer.StartAsync(port: port);

        var result = await pending.WaitAsync(Wait.Default);
        Assert.True(result.Succeeded, result.ErrorMessage);
        Assert.Empty(alice.Outbox);
        var own = await events.WaitForAsync<MessageReceived>(m => m.Text == "two");
        Assert.Equal((result.Id!.Value, held.Message.Ref, "alice"), (own.Id, own.Ref, own.From));
    }
}
