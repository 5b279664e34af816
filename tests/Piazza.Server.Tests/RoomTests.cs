namespace Piazza.Server.Tests;

/// <summary>Protocol §7 and §15: join, part, rooms, who per room, and a rejoin as a resync.</summary>
public sealed class RoomTests
{
    [Fact]
    public async Task Join_creates_the_room_the_joiner_gets_its_room_frame_and_replay_and_everyone_else_sees_joined()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.EnterAsync("alice");
        await using var bob = await server.EnterAsync("bob");

        var created = await alice.JoinRoomAsync("#dev");
        var said = await alice.SayInAsync("#dev", "first");
        var entered = await bob.JoinRoomAsync("#dev");
        var joined = await alice.ExpectAsync<JoinedFrame>();

        Assert.Equal(("#dev", null, 1L, false), (created.Room.Room, created.Room.Topic, created.Room.LastId, created.Room.Truncated));
        Assert.Equal(["alice"], created.Room.Users);
        Assert.False(string.IsNullOrEmpty(created.Room.Epoch));
        Assert.Empty(created.Replay);
        Assert.Equal(("#dev", 2L), (said.Room, said.Id));

        // The newcomer's view begins at its own joined (its lastId), which is not sent to it.
        Assert.Equal(["alice", "bob"], entered.Room.Users);
        Assert.Equal((3L, created.Room.Epoch), (entered.Room.LastId, entered.Room.Epoch));
        var replayed = Assert.IsType<MessageFrame>(Assert.Single(entered.Replay));
        Assert.Equal(("#dev", 2L, "alice", "first", true), (replayed.Room, replayed.Id, replayed.From, replayed.Text, replayed.Replay));
        Assert.Equal(("#dev", 3L, "bob", false), (joined.Room, joined.Id, joined.User, joined.Replay));
        Assert.DoesNotContain(await bob.SyncAsync(), f => f is JoinedFrame);
        Assert.DoesNotContain(bob.Received, f => f is JoinedFrame);
        Assert.Empty(server.Logs.Problems);
    }

    [Fact]
    public async Task A_version_2_hello_without_rooms_joins_the_default_room_and_an_empty_rooms_object_joins_nothing()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectAsync();
        await using var bob = await server.ConnectAsync();

        var welcome = await alice.HelloAsync("alice");
        var room = await alice.ExpectAsync<RoomFrame>();
        await bob.EnterAsync("bob");
        await bob.SendAsync(WhoFrame.Instance);
        var refusal = await bob.ExpectErrorAsync(ErrorCodes.NotInRoom);

        // A version 2 welcome is only you, with lastId 0: each room's state comes in its room frame.
        Assert.Equal(("alice", 0L), (welcome.User, welcome.LastId));
        Assert.Equal(["alice"], welcome.Users);
        Assert.Equal(("#piazza", 1L), (room.Room, room.LastId));
        Assert.Null(refusal.Room);
        Assert.DoesNotContain(await alice.SyncAsync(), f => f is JoinedFrame);
    }

    [Fact]
    public async Task Part_is_seen_by_everyone_in_the_room_the_leaver_too_and_afterwards_the_room_is_not_the_leavers()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.EnterAsync("alice", "#dev");
        await using var bob = await server.EnterAsync("bob", "#dev");
        await alice.ExpectAsync<JoinedFrame>(j => j.User == "bob");

        await bob.SendAsync(new PartFrame("#dev"));
        var atBob = await bob.ExpectAsync<LeftFrame>();
        var atAlice = await alice.ExpectAsync<LeftFrame>();

        Assert.Equal(("#dev", "bob", LeaveReasons.Part), (atBob.Room, atBob.User, atBob.Reason));
        Assert.Equal(atBob, atAlice);
        await bob.SendAsync(new SayFrame("still here?", "late", "#dev"));
        var notIn = await bob.ExpectErrorAsync(ErrorCodes.NotInRoom);
        Assert.Equal(("late", "#dev"), (notIn.Ref, notIn.Room));
        await bob.SendAsync(new WhoFrame("#dev"));
        Assert.Equal("#dev", (await bob.ExpectErrorAsync(ErrorCodes.NotInRoom)).Room);
        await bob.SendAsync(new PartFrame("#dev"));
        Assert.Equal("#dev", (await bob.ExpectErrorAsync(ErrorCodes.NotInRoom)).Room);

        // The connection stays open, in no room, and alice's room goes on without it.
        await alice.SayInAsync("#dev", "after the part");
        Assert.DoesNotContain(await bob.SyncAsync(), f => f is MessageFrame);
        Assert.Equal(2, server.Server.MemberCount);
        await alice.SendAsync(new WhoFrame("#dev"));
        Assert.Equal(["alice"], (await alice.ExpectAsync<UsersFrame>()).Users);
    }

    [Fact]
    public async Task Rooms_lists_every_room_sorted_by_name_with_topic_and_member_count_and_never_a_conversation()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.EnterAsync("alice", "#zeta", "#alpha", "#piazza");
        await using var bob = await server.EnterAsync("bob", "#alpha");
        await alice.SendAsync(new TopicFrame("#alpha", "first letter"));
        await alice.ExpectAsync<TopicFrame>();
        await bob.SayInAsync("@alice", "a conversation is not a room");
        await alice.SendAsync(new PartFrame("#zeta"));
        await alice.ExpectAsync<LeftFrame>();

        await bob.SendAsync(RoomsFrame.Request);
        var rooms = (await bob.ExpectAsync<RoomsFrame>()).Rooms!;

        Assert.Equal(
            [new RoomSummary("#alpha", "first letter", 2), new RoomSummary("#piazza", null, 1), new RoomSummary("#zeta", null, 0)],
            rooms);
    }

    [Fact]
    public async Task Who_answers_for_a_room_you_are_in_with_the_room_and_not_in_room_for_one_you_are_not_in()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.EnterAsync("alice", "#dev", "#piazza");
        await using var bob = await server.EnterAsync("bob", "#dev");
        await using var carol = await server.JoinAsync("carol");

        await alice.SendAsync(new WhoFrame("#dev"));
        var dev = await alice.ExpectAsync<UsersFrame>();
        await alice.SendAsync(WhoFrame.Instance);
        var lobby = await alice.ExpectAsync<UsersFrame>();
        await bob.SendAsync(new WhoFrame("#piazza"));
        var refusal = await bob.ExpectErrorAsync(ErrorCodes.NotInRoom);

        Assert.Equal("#dev", dev.Room);
        Assert.Equal(["alice", "bob"], dev.Users.Order());
        Assert.Null(lobby.Room);
        Assert.Equal(["alice", "carol"], lobby.Users.Order());
        Assert.Equal("#piazza", refusal.Room);
        Assert.Contains("#piazza", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Room_names_compare_case_insensitively_and_are_always_sent_in_lowercase()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.EnterAsync("alice");
        await using var bob = await server.EnterAsync("bob");

        var first = await alice.JoinRoomAsync("#DeV");
        var second = await bob.JoinRoomAsync("#dEV");
        var joined = await alice.ExpectAsync<JoinedFrame>();
        var ack = await bob.SayInAsync("#DEV", "one room");
        var message = await alice.ExpectAsync<MessageFrame>();
        await bob.SendAsync(new SayFrame("nowhere", "x", "#OPS"));
        var refusal = await bob.ExpectErrorAsync(ErrorCodes.NotInRoom);
        await bob.SendAsync(RoomsFrame.Request);
        var rooms = await bob.ExpectAsync<RoomsFrame>();

        Assert.Equal(("#dev", "#dev"), (first.Room.Room, second.Room.Room));
        Assert.Equal(first.Room.Epoch, second.Room.Epoch);
        Assert.Equal(("#dev", "#dev", "#dev"), (joined.Room, ack.Room, message.Room));
        Assert.Equal("#ops", refusal.Room);
        Assert.Equal(["#dev", "#piazza"], rooms.Rooms!.Select(r => r.Room));
    }

    [Fact]
    public async Task Joining_a_room_you_are_in_resends_its_room_frame_and_replay_without_a_new_joined()
    {
        await using var server = await TestServer.StartAsync(o => o with { RateBurst = 100 });
        await using var alice = await server.EnterAsync("alice", "#dev");
        await using var bob = await server.EnterAsync("bob", "#dev");
        var cursor = (await bob.SayInAsync("#dev", "one")).Id;
        await bob.SayInAsync("#dev", "two");
        await bob.SayInAsync("#dev", "three");
        await alice.ExpectCountAsync<MessageFrame>(3);

        var recent = await alice.JoinRoomAsync("#dev");
        var resync = await alice.JoinRoomAsync("#dev", cursor, recent.Room.Epoch);
        await bob.SayInAsync("#dev", "live");
        var live = await alice.ExpectAsync<MessageFrame>(m => m.Text == "live");

        Assert.Equal(["one", "two", "three"], recent.Replay.OfType<MessageFrame>().Select(m => m.Text));
        Assert.Equal(["alice", "bob"], recent.Room.Users.Order());
        // The view begins again at the newest event, which this time is replayed too.
        Assert.Equal(cursor + 2, recent.Room.LastId);
        Assert.Equal(recent.Room.LastId, resync.Room.LastId);
        Assert.False(resync.Room.Truncated);
        Assert.Equal([cursor + 1, cursor + 2], resync.ReplayIds);
        Assert.Equal(resync.Room.LastId + 1, live.Id);
        var atBob = await bob.SyncAsync();
        Assert.DoesNotContain(atBob, f => f is JoinedFrame or LeftFrame);
        Assert.Single(bob.Received, f => f is RoomFrame);
    }

    [Theory]
    [InlineData("dev", "start with #")]
    [InlineData("#", "at least one character")]
    [InlineData("##x", "letter or digit")]
    [InlineData("#-dev", "letter or digit")]
    [InlineData("#de v", "not allowed")]
    [InlineData("#dév", "not allowed")]
    [InlineData("#abcdefghijklmnopqrstuvwxyz0123456", "32")]
    [InlineData("@1bob", "@ and a username")]
    public async Task A_room_name_that_breaks_a_rule_gets_invalid_room_naming_the_rule_and_the_connection_stays_open(string room, string named)
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.EnterAsync("alice");

        await alice.SendAsync(new JoinFrame(room));
        var error = await alice.ExpectErrorAsync(ErrorCodes.InvalidRoom);

        Assert.Contains(named, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(error.Room);
        Assert.Equal("#dev", (await alice.JoinRoomAsync("#dev")).Room.Room);
        await alice.SendAsync(RoomsFrame.Request);
        Assert.Equal(["#dev", "#piazza"], (await alice.ExpectAsync<RoomsFrame>()).Rooms!.Select(r => r.Room));
    }

    [Fact]
    public async Task A_refused_room_name_is_named_in_the_error_as_written_never_as_the_valid_room_it_looks_like()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.EnterAsync("alice", "#kelvin");

        // The Kelvin sign (U+212A) looks like K and Unicode lowercases it to k.
        await alice.SendAsync(new SayFrame("which room?", "k", "#\u212Aelvin"));
        var error = await alice.ExpectErrorAsync(ErrorCodes.InvalidRoom);

        Assert.Equal("k", error.Ref);
        Assert.NotEqual("#kelvin", error.Room);
        Assert.Equal("#\u212Aelvin", error.Room);
        Assert.DoesNotContain(alice.Received, f => f is AckFrame);
    }
}
