namespace Piazza.Server.Tests;

/// <summary>Protocol §7 and §15: a room's topic, who sees it, where it is kept, and its rules.</summary>
public sealed class TopicTests
{
    [Fact]
    public async Task A_topic_is_seen_by_every_member_the_setter_too_and_a_later_joiners_room_frame_carries_it()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.EnterAsync("alice", "#dev");
        await using var bob = await server.EnterAsync("bob", "#dev");
        await using var outsider = await server.EnterAsync("outsider", "#piazza");

        await alice.SendAsync(new TopicFrame("#dev", "  release friday "));
        var atAlice = await alice.ExpectAsync<TopicFrame>();
        var atBob = await bob.ExpectAsync<TopicFrame>();
        await using var carol = await server.ConnectAsync();
        var entries = await carol.EnterAsync("carol", "#dev");
        await carol.SendAsync(RoomsFrame.Request);
        var rooms = await carol.ExpectAsync<RoomsFrame>();

        Assert.Equal(("#dev", "alice", "release friday", false), (atAlice.Room, atAlice.User, atAlice.Topic, atAlice.Replay));
        Assert.NotNull(atAlice.Id);
        Assert.NotNull(atAlice.Ts);
        Assert.Equal(atAlice, atBob);
        Assert.Equal("release friday", entries["#dev"].Room.Topic);
        Assert.Contains(new RoomSummary("#dev", "release friday", 3), rooms.Rooms!);
        Assert.DoesNotContain(await outsider.SyncAsync(), f => f is TopicFrame);
    }

    [Fact]
    public async Task An_empty_topic_clears_it()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.EnterAsync("alice", "#dev");
        await alice.SendAsync(new TopicFrame("#dev", "something"));
        await alice.ExpectAsync<TopicFrame>();

        await alice.SendAsync(new TopicFrame("#dev", " "));
        var cleared = await alice.ExpectAsync<TopicFrame>(t => t.Topic != "something");
        await using var bob = await server.ConnectAsync();
        var entries = await bob.EnterAsync("bob", "#dev");

        Assert.Equal("", cleared.Topic);
        Assert.Null(entries["#dev"].Room.Topic);
    }

    [Fact]
    public async Task A_topic_of_300_characters_is_taken_and_one_of_301_or_with_a_control_character_gets_invalid_text_with_the_room()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.EnterAsync("alice", "#dev");
        await using var bob = await server.EnterAsync("bob", "#dev");

        await alice.SendAsync(new TopicFrame("#dev", new string('t', 301)));
        var tooLong = await alice.ExpectErrorAsync(ErrorCodes.InvalidText);
        await alice.SendAsync(new TopicFrame("#dev", "evil\u202Egnp.exe"));
        var bidi = await alice.ExpectErrorAsync(ErrorCodes.InvalidText);
        await alice.SendAsync(new TopicFrame("#dev", new string('t', 300)));
        var taken = await alice.ExpectAsync<TopicFrame>();

        Assert.Equal("#dev", tooLong.Room);
        Assert.Contains("300", tooLong.Message, StringComparison.Ordinal);
        Assert.Equal("#dev", bidi.Room);
        Assert.Equal(300, taken.Topic.Length);
        var atBob = (await bob.SyncAsync()).OfType<TopicFrame>();
        Assert.Equal(300, Assert.Single(atBob).Topic.Length);
    }

    [Fact]
    public async Task A_topic_for_a_room_you_are_not_in_is_not_in_room_and_a_conversation_has_no_topic()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.EnterAsync("alice", "#dev");
        await using var bob = await server.EnterAsync("bob", "#ops");

        await alice.SendAsync(new TopicFrame("#ops", "hijacked"));
        var notIn = await alice.ExpectErrorAsync(ErrorCodes.NotInRoom);
        await alice.SendAsync(new TopicFrame("@bob", "us"));
        var conversation = await alice.ExpectErrorAsync(ErrorCodes.InvalidRoom);

        Assert.Equal("#ops", notIn.Room);
        Assert.Equal("@bob", conversation.Room);
        Assert.DoesNotContain(await bob.SyncAsync(), f => f is TopicFrame);
        await bob.SendAsync(RoomsFrame.Request);
        Assert.Null((await bob.ExpectAsync<RoomsFrame>()).Rooms!.Single(r => r.Room == "#ops").Topic);
    }

    [Fact]
    public async Task A_topic_survives_a_restart_of_the_server_on_the_same_data_directory()
    {
        using var data = new TempDataDirectory();
        long topicId;
        await using (var server = await TestServer.StartAsync(data.Sqlite))
        {
            await using var alice = await server.EnterAsync("alice", "#dev");
            await alice.SendAsync(new TopicFrame("#dev", "kept on disk"));
            topicId = (await alice.ExpectAsync<TopicFrame>()).Id!.Value;
        }

        await using var restarted = await TestServer.StartAsync(data.Sqlite);
        await using var bob = await restarted.ConnectAsync();
        var entries = await bob.EnterAsync("bob", "#dev");
        var history = await bob.HistoryAsync("#dev");

        Assert.Equal("kept on disk", entries["#dev"].Room.Topic);
        var stored = Assert.IsType<TopicFrame>(history.Events!.Single(e => e is TopicFrame));
        Assert.Equal((topicId, "alice", "kept on disk"), (stored.Id!.Value, stored.User, stored.Topic));
    }
}
