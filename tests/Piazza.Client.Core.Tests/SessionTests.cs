using Piazza.Protocol;

namespace Piazza.Client.Core.Tests;

/// <summary>A joined session against a fake server: events, member list, sends and acks.</summary>
public sealed class SessionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    private static async Task<(EventRecorder Events, FakePeer Peer)> JoinAsync(
        ChatClient client, FakeServer server, string[]? others = null, long lastId = 1)
    {
        var events = new EventRecorder(client);
        var connecting = client.ConnectAsync(Options.For(server.Port));
        var (peer, _) = await server.AcceptAndWelcomeAsync(others, lastId: lastId);
        var result = await connecting.WaitAsync(Wait.Default);
        Assert.True(result.Succeeded, result.Failure?.Message);
        return (events, peer);
    }

    [Fact]
    public async Task The_welcome_gives_the_joined_event_the_member_list_and_the_connected_status()
    {
        // The client is declared first so that it is disposed last: the fake server closes on its
        // own disposal, as a real one does after bye, and the client's polite close is quick.
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var events = new EventRecorder(client);

        var connecting = client.ConnectAsync(Options.For(server.Port));
        await server.AcceptAndWelcomeAsync(others: ["bob"], lastId: 42);
        var result = await connecting.WaitAsync(Wait.Default);

        // Protocol 2: the welcome is about the connection; the room and its members come in the room frame.
        var welcome = result.Welcome!;
        Assert.Equal(("alice", "127.0.0.1", server.Port, ServerLimits.Default), (welcome.User, welcome.Host, welcome.Port, welcome.Limits));
        Assert.Equal(ConnectionState.Connecting, (await events.WaitForAsync<StatusChanged>()).Status.State);
        var connected = await events.WaitForStateAsync(ConnectionState.Connected);
        Assert.Equal(new ChatStatus(ConnectionState.Connected, "alice", "127.0.0.1", server.Port), connected);
        var joined = await events.WaitForAsync<Joined>();
        Assert.False(joined.IsReconnect);
        var opened = await events.WaitForAsync<RoomOpened>();
        var expected = new ChatRoom(Fake.Room, IsJoined: true, Topic: null, Users: [], Fake.Epoch, LastId: 42, ReachedBeginning: false);
        Assert.Equal(expected, opened.Room with { Users = expected.Users });
        Assert.Equal(["bob", "alice"], opened.Room.Users);
        Assert.False(opened.Continues);
        Assert.Equal(["bob", "alice"], (await events.WaitForAsync<UsersChanged>()).Users);
        Assert.Equal(["bob", "alice"], client.Users());
        Assert.Equal(connected, client.Status);
    }

    [Fact]
    public async Task Joins_and_leaves_are_reported_and_keep_the_member_list_up_to_date()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server, others: ["bob"]);
        await events.WaitForAsync<UsersChanged>();

        await peer.SendAsync(new JoinedFrame(2, T0, "carol", Room: Fake.Room));
        await peer.SendAsync(new LeftFrame(3, T0.AddSeconds(1), "BOB", LeaveReasons.Lost, Room: Fake.Room));

        Assert.Equal(new UserJoined(Fake.Room, 2, T0, "carol"), await events.WaitForAsync<UserJoined>());
        Assert.Equal(["bob", "alice", "carol"], (await events.WaitForAsync<UsersChanged>()).Users);
        Assert.Equal(new UserLeft(Fake.Room, 3, T0.AddSeconds(1), "BOB", "lost"), await events.WaitForAsync<UserLeft>());
        // Names compare case-insensitively, as the server compares them.
        Assert.Equal(["alice", "carol"], (await events.WaitForAsync<UsersChanged>()).Users);
        Assert.Equal(["alice", "carol"], client.Users());
    }

    [Fact]
    public async Task Messages_arrive_in_order_with_recent_history_marked_as_such()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server, others: ["bob"], lastId: 3);

        await peer.SendAsync(new MessageFrame(1, T0, "bob", "earlier", Replay: true, Room: Fake.Room));
        await peer.SendAsync(new MessageFrame(4, T0.AddSeconds(5), "bob", "ciao a tutti 👋\nsecond line", Room: Fake.Room));

        // Joined without a cursor: the replay is the room's recent history, context rather than news.
        Assert.Equal(new MessageReceived(Fake.Room, 1, T0, "bob", "earlier", EventSource.Recent), await events.WaitForAsync<MessageReceived>());
        Assert.Equal(new MessageReceived(Fake.Room, 4, T0.AddSeconds(5), "bob", "ciao a tutti 👋\nsecond line"), await events.WaitForAsync<MessageReceived>());
    }

    [Fact]
    public async Task A_send_completes_with_the_id_and_time_of_the_ack_that_carries_its_ref()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var (_, peer) = await JoinAsync(client, server);

        var first = client.SendAsync(Fake.Room, "one");
        var second = client.SendAsync(Fake.Room, "two");
        var say1 = await peer.ExpectAsync<SayFrame>();
        var say2 = await peer.ExpectAsync<SayFrame>();
        // Acked in the opposite order: matching is by ref, not by position.
        await peer.SendAsync(new AckFrame(say2.Ref, 11, T0.AddSeconds(2)));
        await peer.SendAsync(new AckFrame(say1.Ref, 10, T0.AddSeconds(1)));

        Assert.Equal("one", say1.Text);
        Assert.Equal("two", say2.Text);
        Assert.NotNull(say1.Ref);
        Assert.NotEqual(say1.Ref, say2.Ref);
        Assert.Equal(new SendResult(true, 10, T0.AddSeconds(1), null, null), await first.WaitAsync(Wait.Default));
        Assert.Equal(new SendResult(true, 11, T0.AddSeconds(2), null, null), await second.WaitAsync(Wait.Default));
    }

    [Fact]
    public async Task A_send_the_server_refuses_fails_with_its_code_and_sentence_and_raises_a_server_error()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server);

        var sending = client.SendAsync(Fake.Room, "hello");
        var say = await peer.ExpectAsync<SayFrame>();
        await peer.SendAsync(new ErrorFrame(ErrorCodes.InvalidText, "Message may not contain that.", say.Ref));

        Assert.Equal(new SendResult(false, null, null, "invalid_text", "Message may not contain that."), await sending.WaitAsync(Wait.Default));
        Assert.Equal(new ServerError("invalid_text", "Message may not contain that.", say.Ref), await events.WaitForAsync<ServerError>());
        Assert.Equal(ConnectionState.Connected, client.Status.State);
    }

    [Fact]
    public async Task An_error_without_ref_is_reported_as_a_server_error_event()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server);

        await peer.SendAsync(new ErrorFrame(ErrorCodes.TooSlow, "You are not keeping up."));

        Assert.Equal(new ServerError("too_slow", "You are not keeping up.", null), await events.WaitForAsync<ServerError>());
    }

    [Fact]
    public async Task Sending_while_not_connected_fails_at_once_as_not_connected()
    {
        await using var client = new ChatClient();

        var result = await client.SendAsync(Fake.Room, "hello");

        Assert.Equal(new SendResult(false, null, null, "not_connected", "Not connected to a server."), result);
    }

    [Theory]
    [InlineData("   ", "empty_message")]
    [InlineData("bell \u0007", "invalid_text")]
    [InlineData("bidi \u202E", "invalid_text")]
    public async Task Text_that_breaks_the_rules_is_refused_without_being_sent(string text, string code)
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var (_, peer) = await JoinAsync(client, server);

        var refused = await client.SendAsync(Fake.Room, text);
        var sending = client.SendAsync(Fake.Room, "fine");
        var say = await peer.ExpectAsync<SayFrame>();
        await peer.SendAsync(new AckFrame(say.Ref, 2, T0));

        Assert.False(refused.Succeeded);
        Assert.Equal(code, refused.ErrorCode);
        Assert.Equal(MessageTextRules.Validate(text).Message, refused.ErrorMessage);
        Assert.Equal("fine", say.Text);
        Assert.True((await sending.WaitAsync(Wait.Default)).Succeeded);
    }

    [Fact]
    public async Task The_text_limit_announced_by_the_server_is_the_one_applied()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var connecting = client.ConnectAsync(Options.For(server.Port));
        await server.AcceptAndWelcomeAsync(limits: ServerLimits.Default with { MaxText = 5 });
        await connecting.WaitAsync(Wait.Default);

        var result = await client.SendAsync(Fake.Room, "123456");

        Assert.Equal("message_too_long", result.ErrorCode);
        Assert.Equal("Message is 6 characters long; the limit is 5.", result.ErrorMessage);
    }

    [Fact]
    public async Task Limits_announced_as_zero_are_taken_as_the_contracts_defaults()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var connecting = client.ConnectAsync(Options.For(server.Port));
        await server.AcceptAndWelcomeAsync(limits: new ServerLimits(0, 0, 0, 0));
        Assert.True((await connecting.WaitAsync(Wait.Default)).Succeeded);

        var result = await client.SendAsync(Fake.Room, new string('x', 2001));

        Assert.Equal(("message_too_long", "Message is 2001 characters long; the limit is 2000."), (result.ErrorCode, result.ErrorMessage));
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(100L * 24 * 60 * 60 * 1000)] // 100 days: a TimeSpan, but past the 49.7 days a timer can wait
    public async Task Keepalive_intervals_longer_than_a_timer_can_wait_do_not_break_the_session(long ms)
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var connecting = client.ConnectAsync(Options.For(server.Port));
        var (peer, _) = await server.AcceptAndWelcomeAsync(
            limits: ServerLimits.Default with { PingIntervalMs = ms, TimeoutMs = ms });
        var result = await connecting.WaitAsync(Wait.Default);

        var sending = client.SendAsync(Fake.Room, "still here");
        var say = await peer.ExpectAsync<SayFrame>();
        await peer.SendAsync(new AckFrame(say.Ref, 2, T0));

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.True((await sending.WaitAsync(Wait.Default)).Succeeded);
    }

    [Fact]
    public async Task Text_within_the_limit_whose_frame_would_be_too_large_is_refused_without_being_sent()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var connecting = client.ConnectAsync(Options.For(server.Port));
        var (peer, _) = await server.AcceptAndWelcomeAsync(limits: ServerLimits.Default with { MaxText = 5000 });
        await connecting.WaitAsync(Wait.Default);
        // Three bytes per character would suggest 15,000 bytes; each line separator is written as
        // the six-byte escape \u2028, so the frame is over 17,500 bytes, past the 16 KiB limit.
        var text = string.Concat(Enumerable.Repeat("a\u2028", 2500));

        // Not awaited before the peer reads: a frame sent by mistake would never be acknowledged.
        var refusing = client.SendAsync(Fake.Room, text);
        var sending = client.SendAsync(Fake.Room, "fine");
        var say = await peer.ExpectAsync<SayFrame>();
        await peer.SendAsync(new AckFrame(say.Ref, 2, T0));
        // The frame as it would have gone: with its room, and a ref as long as the one that did go.
        var bytes = FrameWriter.ToBytes(new SayFrame(text, say.Ref, Fake.Room)).Length;

        Assert.Equal(
            new SendResult(false, null, null, "message_too_long", $"Message is too long to send: {bytes} bytes encoded, the server accepts at most 16384."),
            await refusing.WaitAsync(Wait.Default));
        Assert.Equal("fine", say.Text);
        Assert.True((await sending.WaitAsync(Wait.Default)).Succeeded);
    }

    [Fact]
    public async Task Many_sends_from_many_threads_reach_the_server_as_whole_frames_each_acked_to_its_sender()
    {
        const int count = 300;
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var (_, peer) = await JoinAsync(client, server);

        var sends = Enumerable.Range(0, count)
            .Select(i => Task.Run(() => client.SendAsync(Fake.Room, $"message {i} " + new string('x', i * 6))))
            .ToArray();
        var texts = new HashSet<string>();
        var refs = new HashSet<string>();
        for (var id = 1; id <= count; id++)
        {
            // A frame written while another was half written would not parse here.
            var say = await peer.ExpectAsync<SayFrame>();
            Assert.True(texts.Add(say.Text));
            Assert.True(refs.Add(say.Ref!));
            await peer.SendAsync(new AckFrame(say.Ref, 1000 + int.Parse(say.Text.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), T0));
        }

        var results = await Task.WhenAll(sends).WaitAsync(Wait.Default);
        for (var i = 0; i < count; i++)
        {
            Assert.True(results[i].Succeeded);
            Assert.Equal(1000 + i, results[i].Id);
        }
    }

    [Fact]
    public async Task Frames_of_unknown_types_and_bad_lines_are_skipped_and_the_session_goes_on()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server, others: ["bob"]);

        await peer.SendRawAsync("{\"type\":\"whisper\",\"id\":5,\"from\":\"bob\",\"to\":\"alice\",\"text\":\"psst\"}\n");
        await peer.SendRawAsync("this is not json\n");
        await peer.SendRawAsync("\n   \r\n");
        await peer.SendAsync(new MessageFrame(2, T0, "bob", "still here", Room: Fake.Room));

        Assert.Equal("still here", (await events.WaitForAsync<MessageReceived>()).Text);
        Assert.Equal(ConnectionState.Connected, client.Status.State);
        Assert.DoesNotContain(events.All, e => e is ConnectionLost);
    }

    [Fact]
    public async Task ReadEventsAsync_yields_the_same_events_in_the_same_order_as_EventRaised()
    {
        await using var server = FakeServer.Start();
        var client = new ChatClient();
        var events = new EventRecorder(client);
        var connecting = client.ConnectAsync(Options.For(server.Port));
        var (peer, _) = await server.AcceptAndWelcomeAsync(others: ["bob"]);
        await connecting;
        await peer.SendAsync(new MessageFrame(2, T0, "bob", "hi", Room: Fake.Room));
        await peer.SendAsync(new JoinedFrame(3, T0, "carol", Room: Fake.Room));
        await events.WaitForAsync<UsersChanged>(u => u.Users.Contains("carol"));

        // The reader starts late: events raised before it started are still there for it.
        var reading = Task.Run(async () =>
        {
            var read = new List<ChatEvent>();
            await foreach (var e in client.ReadEventsAsync())
            {
                read.Add(e);
            }

            return read;
        });
        await server.DisposeAsync();
        await client.DisposeAsync();
        var read = await reading.WaitAsync(Wait.Default);

        Assert.Equal(events.All, read);
        Assert.Contains(read, e => e is MessageReceived { Text: "hi" });
    }

    [Fact]
    public async Task Only_one_ReadEventsAsync_runs_at_a_time()
    {
        await using var client = new ChatClient();
        using var cts = new CancellationTokenSource();
        await using var first = client.ReadEventsAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        var waiting = first.MoveNextAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in client.ReadEventsAsync())
            {
            }
        });

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await waiting);
    }

    [Fact]
    public async Task A_handler_that_throws_does_not_stop_delivery()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        client.EventRaised += (_, _) => throw new InvalidOperationException("a buggy subscriber");
        var events = new EventRecorder(client);

        var connecting = client.ConnectAsync(Options.For(server.Port));
        var (peer, _) = await server.AcceptAndWelcomeAsync(others: ["bob"]);
        await connecting;
        await peer.SendAsync(new MessageFrame(2, T0, "bob", "after the throw", Room: Fake.Room));

        Assert.Equal("after the throw", (await events.WaitForAsync<MessageReceived>()).Text);
    }
}
