namespace Piazza.Server.Tests;

/// <summary>
/// Protocol §7: a version 1 client in the default room notices nothing of version 2 but the
/// <c>room</c> field on events and acks, and ids that continue across restarts.
/// </summary>
public sealed class VersionOneTests
{
    [Fact]
    public async Task A_version_1_and_a_version_2_client_chat_in_the_default_room_and_the_version_1_client_sees_only_the_extra_room_field()
    {
        await using var server = await TestServer.StartAsync();
        await using var old = await server.ConnectAsync();
        var welcome = await old.JoinAsync("oldtimer");
        await using var neu = await server.ConnectAsync();
        var entered = (await neu.EnterAsync("newcomer", "#piazza"))["#piazza"];

        var ackOld = await old.SayAsync("from version 1");
        var atNew = await neu.ExpectAsync<MessageFrame>();
        var ackNew = await neu.SayInAsync("#piazza", "from version 2, named");
        await neu.SayAsync("from version 2, unnamed");

        // Elsewhere, version 2 goes on without the version 1 client seeing any of it.
        await neu.JoinRoomAsync("#dev");
        await neu.SayInAsync("#dev", "in another room");
        await neu.SayInAsync("@newcomer", "a note to self");
        await neu.SendAsync(new PartFrame("#dev"));
        await neu.ExpectAsync<LeftFrame>();
        await old.SendAsync(WhoFrame.Instance);
        var users = await old.ExpectAsync<UsersFrame>();
        await neu.SendAsync(ByeFrame.Instance);
        await neu.ReadToEndAsync();
        var left = await old.ExpectAsync<LeftFrame>();

        Assert.Equal(1, welcome.LastId);
        Assert.Equal(["oldtimer"], welcome.Users);
        Assert.Equal(["newcomer", "oldtimer"], entered.Room.Users.Order());
        Assert.Equal(("#piazza", "oldtimer", "from version 1", ackOld.Id), (atNew.Room, atNew.From, atNew.Text, atNew.Id));
        Assert.Equal(("#piazza", "#piazza"), (ackOld.Room, ackNew.Room));
        Assert.Null(users.Room);
        Assert.Equal(["newcomer", "oldtimer"], users.Users.Order());
        Assert.Equal(("newcomer", LeaveReasons.Quit, "#piazza"), (left.User, left.Reason, left.Room));

        // What the version 1 client got: the frames of version 1, each event of the default room
        // in one sequence without gaps, and every room field naming the default room.
        var frames = old.Received;
        Assert.All(frames, f => Assert.True(f is WelcomeFrame or JoinedFrame or MessageFrame or AckFrame or UsersFrame or LeftFrame, $"{f}"));
        var messages = frames.OfType<MessageFrame>().Select(m => m.Text).ToList();
        Assert.Equal(["from version 2, named", "from version 2, unnamed"], messages);
        var ids = frames.Where(f => RoomEvents.IsEvent(f) || f is AckFrame).Select(f => f is AckFrame a ? a.Id : RoomEvents.IdOf(f)).ToList();
        Assert.Equal(Enumerable.Range(2, ids.Count).Select(i => (long)i), ids);
        Assert.All(frames.Where(f => RoomEvents.RoomOf(f) is not null), f => Assert.Equal("#piazza", RoomEvents.RoomOf(f)));
    }

    [Fact]
    public async Task A_version_1_client_finds_the_history_and_the_ids_of_the_default_room_continued_after_a_restart()
    {
        using var data = new TempDataDirectory();
        long lastAck;
        await using (var server = await TestServer.StartAsync(data.Sqlite))
        {
            await using var old = await server.JoinAsync("oldtimer");
            await old.SayAsync("before the restart");
            lastAck = (await old.SayAsync("just before it")).Id;
            await server.Server.StopAsync(TestContext.Current.CancellationToken);
        }

        await using var restarted = await TestServer.StartAsync(data.Sqlite);
        await using var again = await restarted.ConnectAsync();
        var welcome = await again.JoinAsync("oldtimer");
        var replay = await again.SyncAsync();
        var ack = await again.SayAsync("after it");

        Assert.Equal(lastAck + 1, welcome.LastId);
        Assert.Equal(["before the restart", "just before it"], replay.Cast<MessageFrame>().Select(m => m.Text));
        Assert.All(replay.Cast<MessageFrame>(), m => Assert.True(m.Replay));
        Assert.Equal(welcome.LastId + 1, ack.Id);
    }

    [Fact]
    public async Task A_topic_set_in_the_default_room_is_not_sent_to_version_1_members_and_a_part_of_it_reaches_them_as_left_part()
    {
        await using var server = await TestServer.StartAsync();
        await using var old = await server.JoinAsync("oldtimer");
        await using var neu = await server.EnterAsync("newcomer", "#piazza");
        await old.ExpectAsync<JoinedFrame>();

        await neu.SendAsync(new TopicFrame("#piazza", "welcome all"));
        var atNew = await neu.ExpectAsync<TopicFrame>();
        await neu.SayAsync("next");
        var next = await old.ExpectAsync<MessageFrame>();
        await neu.SendAsync(new PartFrame("#piazza"));
        var parted = await old.ExpectAsync<LeftFrame>();

        // The topic took its id in the room's sequence; a version 1 member just never sees it.
        Assert.Equal(atNew.Id + 1, next.Id);
        Assert.DoesNotContain(old.Received, f => f is TopicFrame);
        Assert.Equal(("newcomer", LeaveReasons.Part, next.Id + 1), (parted.User, parted.Reason, parted.Id));
    }
}
