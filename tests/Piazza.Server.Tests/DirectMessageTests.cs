namespace Piazza.Server.Tests;

/// <summary>Protocol §8 and §15: direct messages addressed as @name, their room frame, history and cursor.</summary>
public sealed class DirectMessageTests
{
    [Fact]
    public async Task A_direct_message_reaches_the_other_person_as_from_their_conversation_after_a_room_frame_and_the_sender_gets_an_ack()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.EnterAsync("alice", "#piazza");
        await using var bob = await server.EnterAsync("bob", "#piazza");
        await using var carol = await server.EnterAsync("carol", "#piazza");

        var ack = await alice.SayInAsync("@Bob", "psst", "c-19");
        var frames = await bob.FramesUntilAsync<MessageFrame>();
        var atAlice = alice.Received.SkipWhile(f => f is not RoomFrame { Room: "@bob" }).ToList();

        var room = Assert.IsType<RoomFrame>(frames[^2]);
        var message = (MessageFrame)frames[^1];
        Assert.Equal(("@alice", 1L, "alice", "psst", false), (message.Room, message.Id, message.From, message.Text, message.Replay));
        Assert.Equal(("@alice", null, 0L, false), (room.Room, room.Topic, room.LastId, room.Truncated));
        Assert.Equal(["alice", "bob"], room.Users.Order());
        Assert.Equal(("c-19", "@bob", 1L, message.Ts), (ack.Ref, ack.Room, ack.Id, ack.Ts));

        // The sender gets the conversation's state too, before its ack: it needs the epoch for a cursor.
        var own = Assert.IsType<RoomFrame>(atAlice[0]);
        Assert.Equal(("@bob", 0L, room.Epoch), (own.Room, own.LastId, own.Epoch));
        Assert.IsType<AckFrame>(atAlice[1]);
        Assert.DoesNotContain(await carol.SyncAsync(), f => f is MessageFrame or RoomFrame);
    }

    [Fact]
    public async Task Later_messages_of_a_conversation_come_without_a_room_frame_and_a_part_only_closes_it_until_the_next()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.EnterAsync("alice");
        await using var bob = await server.EnterAsync("bob");

        await alice.SayInAsync("@bob", "one");
        await bob.SayInAsync("@alice", "two");
        await alice.SayInAsync("@bob", "three");
        await bob.ExpectAsync<MessageFrame>(m => m.Text == "three");
        await bob.SendAsync(new PartFrame("@alice"));
        var afterPart = await bob.SyncAsync();
        await alice.SayInAsync("@bob", "four");
        var reopened = await bob.FramesUntilAsync<MessageFrame>();

        Assert.Single(bob.Received.Take(bob.Received.Count - reopened.Count), f => f is RoomFrame);
        Assert.Empty(afterPart);
        Assert.Equal(2, reopened.Count);
        var room = Assert.IsType<RoomFrame>(reopened[0]);
        Assert.Equal(("@alice", 3L, true), (room.Room, room.LastId, room.Truncated));
        Assert.Equal(4, ((MessageFrame)reopened[^1]).Id);
    }

    [Fact]
    public async Task Writing_to_someone_absent_or_connected_only_with_version_1_is_no_such_user_and_a_version_1_client_cannot_write_one()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.EnterAsync("alice", "#piazza");
        await using var old = await server.JoinAsync("oldtimer");

        await alice.SendAsync(new SayFrame("anyone?", "a-1", "@Nobody"));
        var absent = await alice.ExpectErrorAsync(ErrorCodes.NoSuchUser);
        await alice.SendAsync(new SayFrame("you there?", "a-2", "@oldtimer"));
        var versionOne = await alice.ExpectErrorAsync(ErrorCodes.NoSuchUser);
        await old.SendAsync(new SayFrame("can I?", "o-1", "@alice"));
        var fromVersionOne = await old.ExpectAsync<ErrorFrame>();

        Assert.Equal(("a-1", "@nobody"), (absent.Ref, absent.Room));
        Assert.Contains("nobody", absent.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(("a-2", "@oldtimer"), (versionOne.Ref, versionOne.Room));
        Assert.Equal((ErrorCodes.InvalidRoom, "o-1"), (fromVersionOne.Code, fromVersionOne.Ref));
        Assert.DoesNotContain(await old.SyncAsync(), f => f is MessageFrame or RoomFrame);
        Assert.DoesNotContain(await alice.SyncAsync(), f => f is MessageFrame or AckFrame);
        Assert.DoesNotContain(alice.Received, f => f is RoomFrame r && r.Room.StartsWith('@'));
    }

    [Fact]
    public async Task A_note_to_self_is_acked_kept_in_history_and_never_delivered_back()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.EnterAsync("alice");

        var ack = await alice.SayInAsync("@Alice", "buy milk");
        var seen = await alice.SyncAsync();
        var history = await alice.HistoryAsync("@alice");

        Assert.Equal(("@alice", 1L), (ack.Room, ack.Id));
        var room = Assert.IsType<RoomFrame>(Assert.Single(alice.Received, f => f is RoomFrame));
        Assert.Equal(["alice"], room.Users);
        Assert.DoesNotContain(seen, f => f is MessageFrame);
        var note = Assert.IsType<MessageFrame>(Assert.Single(history.Events!));
        Assert.Equal(("@alice", "alice", "buy milk"), (note.Room, note.From, note.Text));
    }

    [Fact]
    public async Task Each_side_pages_a_conversations_history_under_its_own_name_for_it()
    {
        await using var server = await TestServer.StartAsync(o => o with { RateBurst = 100 });
        await using var alice = await server.EnterAsync("alice");
        await using var bob = await server.EnterAsync("bob");
        for (var i = 1; i <= 5; i++)
        {
            await (i % 2 == 1 ? alice.SayInAsync("@bob", $"m{i}") : bob.SayInAsync("@alice", $"m{i}"));
        }

        var (atAlice, pages) = await alice.PageBackAsync("@bob", before: null, limit: 2);
        var atBob = await bob.HistoryAsync("@alice");
        await using var carol = await server.EnterAsync("carol");
        var none = await carol.HistoryAsync("@alice");

        Assert.Equal(3, pages);
        Assert.Equal(["m1", "m2", "m3", "m4", "m5"], atAlice.Cast<MessageFrame>().Select(m => m.Text));
        Assert.All(atAlice.Cast<MessageFrame>(), m => Assert.Equal(("@bob", false), (m.Room, m.Replay)));
        Assert.All(atBob.Events!.Cast<MessageFrame>(), m => Assert.Equal("@alice", m.Room));
        Assert.Equal([1L, 2, 3, 4, 5], atBob.Events!.Select(RoomEvents.IdOf));
        Assert.False(atBob.More);
        Assert.Empty(none.Events!);
        Assert.False(none.More);
    }

    [Fact]
    public async Task Joining_a_conversation_with_a_cursor_replays_what_came_after_it_and_without_one_its_recent_messages()
    {
        await using var server = await TestServer.StartAsync(o => o with { RateBurst = 100 });
        await using var alice = await server.EnterAsync("alice");
        await using var bob = await server.EnterAsync("bob");
        for (var i = 1; i <= 4; i++)
        {
            await alice.SayInAsync("@bob", $"m{i}");
        }

        var epoch = (await bob.ExpectAsync<RoomFrame>(r => r.Room == "@alice")).Epoch;
        var after = await bob.JoinRoomAsync("@alice", since: 2, epoch);
        var recent = await bob.JoinRoomAsync("@ALICE");

        Assert.Equal(("@alice", 4L, false, epoch), (after.Room.Room, after.Room.LastId, after.Room.Truncated, after.Room.Epoch));
        Assert.Equal([3L, 4], after.ReplayIds);
        Assert.All(after.Replay.Cast<MessageFrame>(), m => Assert.Equal(("@alice", true), (m.Room, m.Replay)));
        Assert.Equal(["m1", "m2", "m3", "m4"], recent.Replay.Cast<MessageFrame>().Select(m => m.Text));
    }

    [Theory]
    [InlineData("@")]
    [InlineData("@1bob")]
    [InlineData("@bo\u200Bb")]
    [InlineData("@server")]
    [InlineData("@@bob")]
    public async Task An_address_whose_name_breaks_the_username_rules_gets_invalid_room(string address)
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.EnterAsync("alice");

        await alice.SendAsync(new SayFrame("hello?", "r", address));
        var error = await alice.ExpectErrorAsync(ErrorCodes.InvalidRoom);

        Assert.Equal("r", error.Ref);
        Assert.StartsWith("Room name must be # and a room name, or @ and a username", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(alice.Received, f => f is AckFrame or RoomFrame);
    }
}
