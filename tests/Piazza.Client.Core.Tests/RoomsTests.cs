using Microsoft.Extensions.Time.Testing;
using Piazza.Protocol;

namespace Piazza.Client.Core.Tests;

/// <summary>Several rooms and direct conversations: joining, leaving, topics, the list, and their state.</summary>
public sealed class RoomsTests
{
    private static async Task<(EventRecorder Events, FakePeer Peer)> JoinAsync(ChatClient client, FakeServer server)
    {
        var events = new EventRecorder(client);
        var connecting = client.ConnectAsync(Options.For(server.Port) with { Reconnect = ReconnectPolicy.Default });
        var (peer, _) = await server.AcceptAndWelcomeAsync(others: ["bob"], lastId: 1);
        Assert.True((await connecting.WaitAsync(Wait.Default)).Succeeded);
        await events.WaitForAsync<RoomOpened>();
        return (events, peer);
    }

    [Fact]
    public async Task Joining_a_room_sends_its_name_in_lowercase_and_completes_with_the_room_the_server_describes()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server);

        var joining = client.JoinAsync(" #Dev ");
        var join = await peer.ExpectAsync<JoinFrame>();
        await peer.OpenRoomAsync("#dev", ["carol", "alice"], lastId: 12, epoch: "d7", topic: "build talk");
        await peer.SendAsync(Fake.Message(13, "carol", "welcome", room: "#dev"));

        Assert.Equal(new JoinFrame("#dev"), join);
        var room = await joining.WaitAsync(Wait.Default);
        Assert.Equal(("#dev", true, "build talk", "d7", 12L), (room.Room, room.IsJoined, room.Topic, room.Epoch, room.LastId));
        Assert.Equal(["carol", "alice"], room.Users);
        Assert.Equal(new MessageReceived("#dev", 13, Fake.T0.AddSeconds(13), "carol", "welcome"), await events.WaitForAsync<MessageReceived>());
        Assert.Equal([Fake.Room, "#dev"], client.Rooms.Select(r => r.Room));
        // Joining a room the client is in only returns it.
        Assert.Equal(13, (await client.JoinAsync("#dev")).LastId);
        await Assert.ThrowsAsync<TimeoutException>(() => peer.ReadFrameAsync(TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public async Task A_refused_join_throws_with_the_servers_code_and_the_room_leaves_the_list_with_the_reason()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server);

        var joining = client.JoinAsync("#full");
        await peer.ExpectAsync<JoinFrame>();
        await peer.SendAsync(new ErrorFrame(ErrorCodes.TooManyRooms, "You are in 100 rooms, the most allowed.", Room: "#full"));

        var refused = await Assert.ThrowsAsync<ChatRequestException>(() => joining.WaitAsync(Wait.Default));
        Assert.Equal((ErrorCodes.TooManyRooms, "You are in 100 rooms, the most allowed."), (refused.Code, refused.Message));
        Assert.Equal(new RoomRemoved("#full", "You are in 100 rooms, the most allowed."), await events.WaitForAsync<RoomRemoved>());
        Assert.Null(client.FindRoom("#full"));
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("#")]
    [InlineData("#dev\u200b")]
    [InlineData("@9lives")]
    public async Task A_name_that_breaks_the_rules_is_refused_here_with_the_shared_sentence(string room)
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        await JoinAsync(client, server);

        var refused = await Assert.ThrowsAsync<ChatRequestException>(() => client.JoinAsync(room));

        Assert.Equal((ErrorCodes.InvalidRoom, RoomNameRules.ValidateAddress(room).Message), (refused.Code, refused.Message));
    }

    [Fact]
    public async Task Parting_completes_on_the_clients_own_left_and_the_room_is_not_rejoined_after_a_reconnect()
    {
        var time = new FakeTimeProvider(Fake.T0);
        await using var client = new ChatClient(time);
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server);
        var joining = client.JoinAsync("#dev");
        await peer.ExpectAsync<JoinFrame>();
        await peer.OpenRoomAsync("#dev", ["alice"], lastId: 1);
        await joining.WaitAsync(Wait.Default);

        var parting = client.PartAsync("#dev");
        Assert.Equal(new PartFrame("#dev"), await peer.ExpectAsync<PartFrame>());
        await peer.SendAsync(Fake.Left(2, "alice", LeaveReasons.Part, room: "#dev"));
        await parting.WaitAsync(Wait.Default);

        Assert.Equal(new UserLeft("#dev", 2, Fake.T0.AddSeconds(2), "alice", LeaveReasons.Part), await events.WaitForAsync<UserLeft>());
        Assert.Equal(new RoomRemoved("#dev", null), await events.WaitForAsync<RoomRemoved>());
        peer.Close();
        time.Advance((await events.WaitForAsync<ReconnectScheduled>()).Delay);
        var again = await server.AcceptAsync();
        Assert.Equal([Fake.Room], (await again.ExpectAsync<HelloFrame>()).Rooms!.Keys);
    }

    [Fact]
    public async Task Setting_a_topic_completes_when_the_room_hears_it_and_the_room_carries_it()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server);

        var setting = client.SetTopicAsync(Fake.Room, "release friday");
        Assert.Equal(new TopicFrame(Fake.Room, "release friday"), await peer.ExpectAsync<TopicFrame>());
        await peer.SendAsync(new TopicFrame(Fake.Room, "release friday", 2, Fake.T0, "alice"));
        await setting.WaitAsync(Wait.Default);

        Assert.Equal(new TopicChanged(Fake.Room, 2, Fake.T0, "alice", "release friday"), await events.WaitForAsync<TopicChanged>());
        Assert.Equal("release friday", (await events.WaitForAsync<RoomUpdated>(u => u.Room.Topic is not null)).Room.Topic);
        Assert.Equal("release friday", client.FindRoom(Fake.Room)!.Topic);
    }

    [Fact]
    public async Task A_topic_that_breaks_the_rules_is_refused_here()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        await JoinAsync(client, server);

        var refused = await Assert.ThrowsAsync<ChatRequestException>(() => client.SetTopicAsync(Fake.Room, new string('x', 301)));

        Assert.Equal(TopicRules.Validate(new string('x', 301)).Message, refused.Message);
    }

    [Fact]
    public async Task The_room_list_comes_back_as_the_server_sends_it()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var (_, peer) = await JoinAsync(client, server);

        var listing = client.ListRoomsAsync();
        await peer.ExpectAsync<RoomsFrame>();
        await peer.SendAsync(new RoomsFrame([new RoomSummary("#dev", "build talk", 3), new RoomSummary("#piazza", null, 12)]));

        Assert.Equal([new RoomListing("#dev", "build talk", 3), new RoomListing("#piazza", null, 12)], await listing.WaitAsync(Wait.Default));
    }

    [Fact]
    public async Task A_direct_conversation_appears_with_its_first_room_frame_and_its_cursor_goes_into_the_next_hello()
    {
        var time = new FakeTimeProvider(Fake.T0);
        await using var client = new ChatClient(time);
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server);

        await peer.OpenRoomAsync("@bob", ["alice", "bob"], lastId: 0, epoch: "d1");
        await peer.SendAsync(Fake.Message(1, "bob", "psst", room: "@bob"));

        var opened = await events.WaitForAsync<RoomOpened>(o => o.Room.IsDirect);
        Assert.Equal(("@bob", false), (opened.Room.Room, opened.Continues));
        Assert.Equal(new MessageReceived("@bob", 1, Fake.T0.AddSeconds(1), "bob", "psst"), await events.WaitForAsync<MessageReceived>());
        peer.Close();
        time.Advance((await events.WaitForAsync<ReconnectScheduled>()).Delay);
        var again = await server.AcceptAsync();
        var hello = await again.ExpectAsync<HelloFrame>();
        Assert.Equal(new RoomCursor(1, "d1"), hello.Rooms!["@bob"]);
    }

    [Fact]
    public async Task Closing_a_conversation_forgets_it_at_once()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var (events, peer) = await JoinAsync(client, server);
        await peer.OpenRoomAsync("@bob", ["alice", "bob"], lastId: 0, epoch: "d1");
        await events.WaitForAsync<RoomOpened>(o => o.Room.IsDirect);

        await client.PartAsync("@Bob").WaitAsync(Wait.Default);

        Assert.Equal(new PartFrame("@bob"), await peer.ExpectAsync<PartFrame>());
        Assert.Null(client.FindRoom("@bob"));
        Assert.Equal(new RoomRemoved("@bob", null), await events.WaitForAsync<RoomRemoved>());
    }

    [Fact]
    public async Task Requests_about_one_room_go_out_one_at_a_time_so_an_error_naming_the_room_is_matched_to_its_request()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var (_, peer) = await JoinAsync(client, server);

        var topic = client.SetTopicAsync(Fake.Room, "one");
        var history = client.GetHistoryAsync(Fake.Room, limit: 10);
        await peer.ExpectAsync<TopicFrame>();
        // Nothing else about the room goes out before the topic is answered.
        await Assert.ThrowsAsync<TimeoutException>(() => peer.ReadFrameAsync(TimeSpan.FromMilliseconds(300)));
        await peer.SendAsync(new ErrorFrame(ErrorCodes.StoreUnavailable, "The store cannot be written right now.", Room: Fake.Room));
        Assert.Equal(new HistoryFrame(Fake.Room, Limit: 10), await peer.ExpectAsync<HistoryFrame>());
        await peer.SendAsync(Fake.Page(Fake.Room, false, Fake.Message(1, "bob", "first")));

        Assert.Equal(ErrorCodes.StoreUnavailable, (await Assert.ThrowsAsync<ChatRequestException>(() => topic.WaitAsync(Wait.Default))).Code);
        var page = await history.WaitAsync(Wait.Default);
        Assert.True(page.ReachedBeginning);
        Assert.Equal(new MessageReceived(Fake.Room, 1, Fake.T0.AddSeconds(1), "bob", "first", EventSource.History), Assert.Single(page.Events));
    }

    [Fact]
    public async Task Requests_waiting_for_an_answer_fail_when_the_connection_ends()
    {
        await using var client = new ChatClient();
        await using var server = FakeServer.Start();
        var (_, peer) = await JoinAsync(client, server);

        var joining = client.JoinAsync("#dev");
        var listing = client.ListRoomsAsync();
        await peer.ExpectAsync<JoinFrame>();
        peer.Close();

        Assert.Equal(SendErrorCodes.ConnectionLost, (await Assert.ThrowsAsync<ChatRequestException>(() => joining.WaitAsync(Wait.Default))).Code);
        Assert.Equal(SendErrorCodes.ConnectionLost, (await Assert.ThrowsAsync<ChatRequestException>(() => listing.WaitAsync(Wait.Default))).Code);
        // The room stays: it is joined again on reconnecting.
        Assert.False(client.FindRoom("#dev")!.IsJoined);
    }

    [Fact]
    public async Task Room_requests_while_not_connected_say_so()
    {
        await using var client = new ChatClient();

        var refused = await Assert.ThrowsAsync<ChatRequestException>(() => client.JoinAsync("#dev"));

        Assert.Equal((SendErrorCodes.NotConnected, "Not connected to a server."), (refused.Code, refused.Message));
    }
}
