using Microsoft.Extensions.Time.Testing;
using Piazza.Protocol;

namespace Piazza.Client.Core.Tests;

/// <summary>
/// Exact by construction: per room, every event once, in id order. A gap is filled with
/// <c>history</c> before anything after it comes out; a truncated replay is paged back to the cursor.
/// </summary>
public sealed class GapRepairTests
{
    private static async Task<(EventRecorder Events, FakePeer Peer)> JoinAsync(ChatClient client, FakeServer server, long lastId = 1)
    {
        var events = new EventRecorder(client);
        var connecting = client.ConnectAsync(Options.For(server.Port));
        var (peer, _) = await server.AcceptAndWelcomeAsync(others: ["bob"], lastId: lastId);
        Assert.True((await connecting.WaitAsync(Wait.Default)).Succeeded);
        await events.WaitForAsync<RoomOpened>();
        return (events, peer);
    }

    /// <summary>Connects with a saved cursor for the default room, as an app that restarts does.</summary>
    private static async Task<(EventRecorder Events, FakePeer Peer, HelloFrame Hello)> RejoinAsync(
        ChatClient client, FakeServer server, long cursor, long lastId, bool truncated)
    {
        var store = new MemoryCursorStore();
        var options = Options.For(server.Port) with { CursorStore = store };
        await store.SaveAsync(new ServerAccount("127.0.0.1", server.Port, "alice"), new SavedRooms([new SavedRoom(Fake.Room, Fake.Epoch, cursor)]), default);
        var events = new EventRecorder(client);
        var connecting = client.ConnectAsync(options);
        var peer = await server.AcceptAsync();
        var hello = await peer.ExpectAsync<HelloFrame>();
        await peer.WelcomeOnlyAsync("alice");
        await peer.OpenRoomAsync(Fake.Room, ["bob", "alice"], lastId, truncated: truncated);
        Assert.True((await connecting.WaitAsync(Wait.Default)).Succeeded);
        return (events, peer, hello);
    }

    private static async Task<List<long>> IdsAsync(EventRecorder events, int count)
    {
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            ids.Add((await events.WaitForAsync<RoomEvent>()).Id);
        }

        return ids;
    }

    [Fact]
    public async Task A_gap_is_filled_from_history_before_later_events_come_out()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server);

        await peer.SendAsync(Fake.Message(2, "bob", "two"));
        await peer.SendAsync(Fake.Message(4, "bob", "four"));
        var asked = await peer.ExpectHistoryAsync();
        // Arriving while the gap is being filled: it waits its turn too.
        await peer.SendAsync(Fake.Message(5, "bob", "five"));
        await peer.SendAsync(Fake.Page(Fake.Room, more: true, Fake.Message(3, "bob", "three")));

        Assert.Equal(new HistoryFrame(Fake.Room, Before: 4, Limit: 1), asked);
        Assert.Equal(Fake.Received(2, "bob", "two"), await events.WaitForAsync<MessageReceived>());
        Assert.Equal(Fake.Received(3, "bob", "three"), await events.WaitForAsync<MessageReceived>());
        Assert.Equal(Fake.Received(4, "bob", "four"), await events.WaitForAsync<MessageReceived>());
        Assert.Equal(Fake.Received(5, "bob", "five"), await events.WaitForAsync<MessageReceived>());
        Assert.Equal(5, client.FindRoom(Fake.Room)!.LastId);
    }

    [Fact]
    public async Task Nothing_after_a_gap_comes_out_until_the_gap_is_filled()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server);

        await peer.SendAsync(Fake.Message(3, "bob", "three"));
        await peer.ExpectHistoryAsync();
        // A later frame that does arrive proves the earlier one was handled.
        await peer.SendAsync(new ErrorFrame(ErrorCodes.TooSlow, "marker"));
        await events.WaitForAsync<ServerError>();

        Assert.DoesNotContain(events.All, e => e is MessageReceived);
        Assert.Equal(1, client.FindRoom(Fake.Room)!.LastId);
    }

    [Fact]
    public async Task A_truncated_replay_is_paged_back_to_the_cursor_without_gap_or_overlap()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        // Away after event 10; the room is at 500 now (500 is the client's own join), and the
        // server replays only the newest 100 of the 489 missed.
        var (events, peer, hello) = await RejoinAsync(client, server, cursor: 10, lastId: 500, truncated: true);
        for (long id = 400; id < 500; id++)
        {
            await peer.SendAsync(Fake.Message(id, "bob", $"m{id}", replay: true));
        }

        await peer.SendAsync(Fake.Message(501, "bob", "live"));
        var first = await peer.ExpectHistoryAsync();
        await peer.SendAsync(Fake.Page(Fake.Room, true, [.. Range(11, 210).Select(id => Fake.Message(id, "bob", $"m{id}"))]));
        var second = await peer.ExpectHistoryAsync();
        await peer.SendAsync(Fake.Page(Fake.Room, true, [.. Range(211, 399).Select(id => Fake.Message(id, "bob", $"m{id}"))]));

        Assert.Equal(new RoomCursor(10, Fake.Epoch), hello.Rooms![Fake.Room]);
        // Paged forward from the cursor, 200 at a time, up to the first event already here.
        Assert.Equal(new HistoryFrame(Fake.Room, Before: 211, Limit: 200), first);
        Assert.Equal(new HistoryFrame(Fake.Room, Before: 400, Limit: 189), second);
        var handed = await IdsAsync(events, 490);
        Assert.Equal([.. Range(11, 499), 501], handed);
        var opened = Assert.Single(events.All.OfType<RoomOpened>());
        Assert.True(opened.Continues);
        Assert.All(events.All.OfType<MessageReceived>().Where(m => m.Id < 500), m => Assert.Equal(EventSource.CatchUp, m.Source));
        Assert.Equal(EventSource.Live, events.All.OfType<MessageReceived>().Single(m => m.Id == 501).Source);
    }

    [Fact]
    public async Task A_replay_that_repeats_events_already_handed_out_does_not_hand_them_out_twice()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var (events, peer, _) = await RejoinAsync(client, server, cursor: 3, lastId: 6, truncated: false);

        foreach (var id in new long[] { 2, 3, 4, 4, 5 })
        {
            await peer.SendAsync(Fake.Message(id, "bob", $"m{id}", replay: true));
        }

        await peer.SendAsync(Fake.Message(5, "bob", "m5"));
        await peer.SendAsync(Fake.Message(7, "bob", "m7"));

        Assert.Equal([4, 5, 7], await IdsAsync(events, 3));
        await peer.SendAsync(Fake.Message(8, "bob", "m8"));
        Assert.Equal(8, (await events.WaitForAsync<RoomEvent>()).Id);
        Assert.Equal(3, events.All.OfType<RoomEvent>().Count(e => e.Id < 8));
    }

    [Fact]
    public async Task Events_the_server_no_longer_has_are_reported_missing_in_their_place()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server);

        await peer.SendAsync(Fake.Message(6, "bob", "six"));
        var asked = await peer.ExpectHistoryAsync();
        // Retention removed 2, 3 and 5: the page holds what is left.
        await peer.SendAsync(Fake.Page(Fake.Room, false, Fake.Message(4, "bob", "four")));

        Assert.Equal(new HistoryFrame(Fake.Room, Before: 6, Limit: 4), asked);
        Assert.Equal(new EventsMissing(Fake.Room, 2, 3), await events.WaitForAsync<EventsMissing>());
        Assert.Equal(4, (await events.WaitForAsync<MessageReceived>()).Id);
        Assert.Equal(new EventsMissing(Fake.Room, 5, 5), await events.WaitForAsync<EventsMissing>());
        Assert.Equal(6, (await events.WaitForAsync<MessageReceived>()).Id);
        var order = events.All.Where(e => e is RoomEvent or EventsMissing).ToList();
        Assert.Equal([typeof(EventsMissing), typeof(MessageReceived), typeof(EventsMissing), typeof(MessageReceived)], order.Select(e => e.GetType()));
    }

    [Fact]
    public async Task A_repair_the_store_cannot_serve_now_is_asked_again_and_the_room_waits_meanwhile()
    {
        var time = new FakeTimeProvider(Fake.T0);
        await using var client = new ChatClient(time);
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server);

        await peer.SendAsync(Fake.Message(3, "bob", "three"));
        var asked = await peer.ExpectHistoryAsync();
        await peer.SendAsync(new ErrorFrame(ErrorCodes.StoreUnavailable, "The history cannot be read right now.", Room: Fake.Room));
        await events.WaitForAsync<ServerError>();
        time.Advance(ChatClient.StoreRetryDelay);
        var again = await peer.ExpectHistoryAsync();
        await peer.SendAsync(Fake.Page(Fake.Room, true, Fake.Message(2, "bob", "two")));

        Assert.Equal(asked, again);
        Assert.Equal([2, 3], await IdsAsync(events, 2));
        Assert.DoesNotContain(events.All, e => e is EventsMissing);
    }

    [Fact]
    public async Task A_repair_refused_for_good_reports_the_gap_as_missing_and_the_room_goes_on()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server);

        await peer.SendAsync(Fake.Message(4, "bob", "four"));
        await peer.ExpectHistoryAsync();
        await peer.SendAsync(new ErrorFrame(ErrorCodes.NotInRoom, "You are not in #piazza; join it first.", Room: Fake.Room));

        Assert.Equal(new EventsMissing(Fake.Room, 2, 3), await events.WaitForAsync<EventsMissing>());
        Assert.Equal(4, (await events.WaitForAsync<MessageReceived>()).Id);
    }

    [Fact]
    public async Task Events_of_each_room_keep_their_own_order_while_another_room_waits_for_a_repair()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var events = new EventRecorder(client);
        var connecting = client.ConnectAsync(Options.For(server.Port) with { Rooms = ["#dev", "#ops"] });
        var (peer, hello) = await server.AcceptAndWelcomeAsync(others: ["bob"], lastId: 1);
        await connecting.WaitAsync(Wait.Default);

        await peer.SendAsync(Fake.Message(3, "bob", "dev three", room: "#dev"));
        await peer.ExpectHistoryAsync();
        await peer.SendAsync(Fake.Message(2, "bob", "ops two", room: "#ops"));
        await peer.SendAsync(Fake.Message(3, "bob", "ops three", room: "#ops"));
        Assert.Equal("ops two", (await events.WaitForAsync<MessageReceived>()).Text);
        Assert.Equal("ops three", (await events.WaitForAsync<MessageReceived>()).Text);
        await peer.SendAsync(Fake.Page("#dev", true, Fake.Message(2, "bob", "dev two", room: "#dev")));

        Assert.Equal(["#dev", "#ops"], hello.Rooms!.Keys);
        Assert.Equal("dev two", (await events.WaitForAsync<MessageReceived>()).Text);
        Assert.Equal("dev three", (await events.WaitForAsync<MessageReceived>()).Text);
    }

    private static IEnumerable<long> Range(long first, long last)
    {
        for (var id = first; id <= last; id++)
        {
            yield return id;
        }
    }
}
