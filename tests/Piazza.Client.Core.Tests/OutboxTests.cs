using Microsoft.Extensions.Time.Testing;
using Piazza.Protocol;

namespace Piazza.Client.Core.Tests;

/// <summary>
/// The outbox: messages typed while disconnected, or unconfirmed when the connection dropped, go
/// out again with their original ref, so the server stores each once; each step is reported.
/// </summary>
public sealed class OutboxTests
{
    private static async Task<(EventRecorder Events, FakePeer Peer)> JoinAsync(
        ChatClient client, FakeServer server, ServerLimits? limits = null)
    {
        var events = new EventRecorder(client);
        var connecting = client.ConnectAsync(Options.For(server.Port) with { Reconnect = ReconnectPolicy.Default });
        var (peer, _) = await server.AcceptAndWelcomeAsync(others: ["bob"], limits: limits, lastId: 1);
        Assert.True((await connecting.WaitAsync(Wait.Default)).Succeeded);
        await events.WaitForAsync<RoomOpened>();
        return (events, peer);
    }

    /// <summary>Drops the connection and lets the client reconnect; returns the new connection and its hello.</summary>
    private static async Task<(FakePeer Peer, HelloFrame Hello)> DropAndReturnAsync(
        FakeTimeProvider time, FakeServer server, EventRecorder events, FakePeer peer)
    {
        peer.Close();
        time.Advance((await events.WaitForAsync<ReconnectScheduled>()).Delay);
        var again = await server.AcceptAsync();
        var hello = await again.ExpectAsync<HelloFrame>();
        await again.WelcomeOnlyAsync("alice");
        return (again, hello);
    }

    private static List<OutgoingState> StatesOf(EventRecorder events, string reference) =>
        [.. events.All.OfType<OutboxChanged>().Where(o => o.Message.Ref == reference).Select(o => o.Message.State)];

    [Fact]
    public async Task A_message_goes_from_waiting_to_sending_to_sent_and_comes_out_as_an_event_of_its_room()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server);

        var posted = client.Post("#Piazza", "ciao");
        var say = await peer.ExpectAsync<SayFrame>();
        await peer.SendAsync(new AckFrame(say.Ref, 2, Fake.T0, Fake.Room));

        Assert.Equal(new SayFrame("ciao", posted.Ref, Fake.Room), say);
        var own = await events.WaitForAsync<MessageReceived>();
        Assert.Equal(new MessageReceived(Fake.Room, 2, Fake.T0, "alice", "ciao", EventSource.Live, posted.Ref), own);
        var sent = (await events.WaitForAsync<OutboxChanged>(o => o.Message.State == OutgoingState.Sent)).Message;
        Assert.Equal(posted with { State = OutgoingState.Sent, Id = 2, Ts = Fake.T0 }, sent);
        Assert.Equal([OutgoingState.Waiting, OutgoingState.Sending, OutgoingState.Sent], StatesOf(events, posted.Ref));
        Assert.Empty(client.Outbox);
    }

    [Fact]
    public async Task A_message_unconfirmed_when_the_connection_dropped_is_resent_with_the_same_ref_and_counted_once()
    {
        var time = new FakeTimeProvider(Fake.T0);
        await using var client = new ChatClient(time);
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server);
        var sending = client.SendAsync(Fake.Room, "did it arrive?");
        var first = await peer.ExpectAsync<SayFrame>();

        // The server stored it as event 2, but the connection died before the ack left.
        var (again, hello) = await DropAndReturnAsync(time, server, events, peer);
        await again.OpenRoomAsync(Fake.Room, ["bob", "alice"], lastId: 3);
        // The replay carries it, the resend is acknowledged with the original event: one message.
        await again.SendAsync(Fake.Message(2, "alice", "did it arrive?", replay: true));
        var resent = await again.ExpectAsync<SayFrame>();
        await again.SendAsync(new AckFrame(resent.Ref, 2, Fake.T0.AddSeconds(2), Fake.Room));
        await again.SendAsync(Fake.Message(4, "bob", "yes"));

        Assert.Equal(new RoomCursor(1, Fake.Epoch), hello.Rooms![Fake.Room]);
        Assert.Equal(first, resent);
        Assert.Equal(new SendResult(true, 2, Fake.T0.AddSeconds(2), null, null), await sending.WaitAsync(Wait.Default));
        Assert.Equal("yes", (await events.WaitForAsync<MessageReceived>(m => m.Id == 4)).Text);
        var messages = events.All.OfType<MessageReceived>().ToList();
        Assert.Equal([2, 4], messages.Select(m => m.Id));
        Assert.Equal(
            [OutgoingState.Waiting, OutgoingState.Sending, OutgoingState.Waiting, OutgoingState.Sending, OutgoingState.Sent],
            StatesOf(events, first.Ref!));
    }

    [Fact]
    public async Task When_the_resend_is_acknowledged_before_the_replay_carries_it_the_event_comes_out_once_with_its_ref()
    {
        var time = new FakeTimeProvider(Fake.T0);
        await using var client = new ChatClient(time);
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server);
        var posted = client.Post(Fake.Room, "early ack");
        await peer.ExpectAsync<SayFrame>();

        var (again, _) = await DropAndReturnAsync(time, server, events, peer);
        await again.OpenRoomAsync(Fake.Room, ["bob", "alice"], lastId: 4);
        var resent = await again.ExpectAsync<SayFrame>();
        await again.SendAsync(new AckFrame(resent.Ref, 3, Fake.T0.AddSeconds(3), Fake.Room));
        await again.SendAsync(Fake.Message(2, "bob", "before it", replay: true));
        await again.SendAsync(Fake.Message(3, "alice", "early ack", replay: true));
        await again.SendAsync(Fake.Message(5, "bob", "after it"));

        await events.WaitForAsync<MessageReceived>(m => m.Id == 5);
        var messages = events.All.OfType<MessageReceived>().ToList();
        Assert.Equal([2, 3, 5], messages.Select(m => m.Id));
        Assert.Equal(posted.Ref, messages[1].Ref);
        Assert.Equal(EventSource.CatchUp, messages[1].Source);
    }

    [Fact]
    public async Task A_message_typed_while_reconnecting_waits_and_goes_out_only_once_its_room_is_joined_again()
    {
        var time = new FakeTimeProvider(Fake.T0);
        await using var client = new ChatClient(time);
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server);
        peer.Close();
        var scheduled = await events.WaitForAsync<ReconnectScheduled>();

        var typed = client.Post(Fake.Room, "typed while away");
        var direct = client.Post("@bob", "psst");
        time.Advance(scheduled.Delay);
        var again = await server.AcceptAsync();
        await again.ExpectAsync<HelloFrame>();
        await again.WelcomeOnlyAsync("alice");

        // The conversation is not being joined, so its message goes at once; the room's waits.
        Assert.Equal(new SayFrame("psst", direct.Ref, "@bob"), await again.ExpectAsync<SayFrame>());
        await Assert.ThrowsAsync<TimeoutException>(() => again.ReadFrameAsync(TimeSpan.FromMilliseconds(300)));
        Assert.Equal(OutgoingState.Waiting, client.Outbox.Single(m => m.Ref == typed.Ref).State);
        await again.OpenRoomAsync(Fake.Room, ["bob", "alice"], lastId: 2);
        Assert.Equal(new SayFrame("typed while away", typed.Ref, Fake.Room), await again.ExpectAsync<SayFrame>());
    }

    [Fact]
    public async Task A_refused_message_fails_leaves_the_outbox_and_a_retry_sends_it_again_with_its_ref()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server);

        var posted = client.Post(Fake.Room, "store me");
        var say = await peer.ExpectAsync<SayFrame>();
        await peer.SendAsync(new ErrorFrame(ErrorCodes.StoreUnavailable, "The store cannot be written right now.", say.Ref, Room: Fake.Room));
        var failed = (await events.WaitForAsync<OutboxChanged>(o => o.Message.State == OutgoingState.Failed)).Message;
        Assert.Equal(("store_unavailable", "The store cannot be written right now."), (failed.ErrorCode, failed.ErrorMessage));
        Assert.Empty(client.Outbox);

        var retried = client.Retry(failed);
        var again = await peer.ExpectAsync<SayFrame>();
        await peer.SendAsync(new AckFrame(again.Ref, 2, Fake.T0, Fake.Room));

        Assert.Equal(posted.Ref, retried.Ref);
        Assert.Equal(say, again);
        Assert.Equal(2, (await events.WaitForAsync<OutboxChanged>(o => o.Message.State == OutgoingState.Sent)).Message.Id);
    }

    [Fact]
    public async Task Disconnecting_fails_what_waits_as_not_sent_and_what_was_sent_as_maybe_lost()
    {
        var time = new FakeTimeProvider(Fake.T0);
        await using var client = new ChatClient(time);
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server);
        var sent = client.SendAsync(Fake.Room, "sent once");
        await peer.ExpectAsync<SayFrame>();
        peer.Close();
        await events.WaitForAsync<ReconnectScheduled>();
        var typed = client.SendAsync(Fake.Room, "never sent");

        await client.DisconnectAsync().WaitAsync(Wait.Default);

        Assert.Equal(SendResult.Failed("connection_lost", "The connection was closed before the server confirmed the message."), await sent.WaitAsync(Wait.Default));
        Assert.Equal(SendResult.Failed("not_connected", "The client disconnected before the message could be sent."), await typed.WaitAsync(Wait.Default));
        Assert.Empty(client.Outbox);
    }

    [Fact]
    public async Task Stopping_the_reconnect_fails_what_waits()
    {
        var time = new FakeTimeProvider(Fake.T0);
        await using var client = new ChatClient(time);
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server);
        peer.Close();
        await events.WaitForAsync<ReconnectScheduled>();
        var typed = client.SendAsync(Fake.Room, "never sent");

        client.CancelReconnect();

        Assert.Equal(SendResult.Failed("not_connected", "The client stopped reconnecting before the message could be sent."), await typed.WaitAsync(Wait.Default));
    }

    [Fact]
    public async Task A_connect_by_hand_that_fails_gives_up_what_waited_for_the_reconnect_it_replaced()
    {
        var time = new FakeTimeProvider(Fake.T0);
        await using var client = new ChatClient(time);
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server);
        peer.Close();
        await events.WaitForAsync<ReconnectScheduled>();
        var typed = client.SendAsync(Fake.Room, "never sent");

        var connecting = client.ConnectAsync(Options.For(server.Port));
        var refusing = await server.AcceptAsync();
        await refusing.ExpectAsync<HelloFrame>();
        await refusing.SendAsync(new ErrorFrame(ErrorCodes.UsernameTaken, "The username 'alice' is already in use.", Suggestion: "alice_2"));

        Assert.False((await connecting.WaitAsync(Wait.Default)).Succeeded);
        Assert.Equal(SendResult.Failed("not_connected", "The client stopped reconnecting before the message could be sent."), await typed.WaitAsync(Wait.Default));
        Assert.Empty(client.Outbox);
    }

    [Fact]
    public async Task Over_the_announced_rate_a_message_is_reported_as_held_back_by_flood_control()
    {
        var time = new FakeTimeProvider(Fake.T0);
        await using var client = new ChatClient(time);
        await using var server = FakeServer.Start();
        // Three frames at once, then one a second: the hello took the first.
        var (events, peer) = await JoinAsync(client, server, ServerLimits.Default with { RateBurst = 3, RatePerSecond = 1 });

        var states = new List<OutgoingState>();
        for (var i = 0; i < 4; i++)
        {
            var posted = client.Post(Fake.Room, $"m{i}");
            await peer.ExpectAsync<SayFrame>();
            states.Add(client.Outbox.Single(m => m.Ref == posted.Ref).State);
        }

        // The bucket refills: after a quiet while the next one goes at once again.
        time.Advance(TimeSpan.FromSeconds(10));
        var later = client.Post(Fake.Room, "later");
        await peer.ExpectAsync<SayFrame>();

        Assert.Equal([OutgoingState.Sending, OutgoingState.Sending, OutgoingState.SendingSlowly, OutgoingState.SendingSlowly], states);
        Assert.Equal(OutgoingState.Sending, client.Outbox.Single(m => m.Ref == later.Ref).State);
    }

    [Fact]
    public async Task Without_an_announced_rate_nothing_is_reported_as_held_back()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var (_, peer) = await JoinAsync(client, server);

        for (var i = 0; i < 30; i++)
        {
            client.Post(Fake.Room, $"m{i}");
            await peer.ExpectAsync<SayFrame>();
        }

        Assert.All(client.Outbox, m => Assert.Equal(OutgoingState.Sending, m.State));
    }

    [Theory]
    [InlineData("dev", "invalid_room")]
    [InlineData("@", "invalid_room")]
    [InlineData("#piazza", "empty_message")]
    public async Task What_breaks_the_rules_fails_at_once_without_being_queued(string room, string code)
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        await JoinAsync(client, server);

        var posted = client.Post(room, code == "empty_message" ? "  " : "hello");

        Assert.Equal((OutgoingState.Failed, code), (posted.State, posted.ErrorCode));
        Assert.Empty(client.Outbox);
    }

    [Fact]
    public void Refs_are_unique_across_clients_and_never_restart_from_one()
    {
        var first = new RefSource();
        var second = new RefSource();

        var a = Enumerable.Range(0, 3).Select(_ => first.Next()).ToList();
        var b = Enumerable.Range(0, 3).Select(_ => second.Next()).ToList();

        Assert.Equal(6, a.Concat(b).Distinct().Count());
        Assert.All(a.Concat(b), r => Assert.Matches("^[a-z2-7]{12}-[1-3]$", r));
        Assert.NotEqual(a[0].Split('-')[0], b[0].Split('-')[0]);
    }
}
