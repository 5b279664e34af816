namespace Piazza.Server.Tests;

/// <summary>Protocol §7 and §15: the caps on rooms per connection, rooms per server, and rooms per hello.</summary>
public sealed class RoomCapTests
{
    [Fact]
    public async Task A_connection_at_max_rooms_per_connection_gets_too_many_rooms_until_it_parts_one_and_conversations_do_not_count()
    {
        await using var server = await TestServer.StartAsync(o => o with { MaxRoomsPerConnection = 2 });
        await using var alice = await server.EnterAsync("alice", "#one", "#two");
        await using var bob = await server.EnterAsync("bob");

        await alice.SendAsync(new JoinFrame("#three"));
        var refusal = await alice.ExpectErrorAsync(ErrorCodes.TooManyRooms);
        var again = await alice.JoinRoomAsync("#two");
        var ack = await alice.SayInAsync("@bob", "a conversation is not a room");
        await alice.SendAsync(new PartFrame("#one"));
        await alice.ExpectAsync<LeftFrame>();
        var third = await alice.JoinRoomAsync("#three");

        Assert.Equal("#three", refusal.Room);
        Assert.Contains("2", refusal.Message, StringComparison.Ordinal);
        Assert.Equal("#two", again.Room.Room);
        Assert.Equal("@bob", ack.Room);
        Assert.Equal("#three", third.Room.Room);
        await bob.SendAsync(RoomsFrame.Request);
        Assert.Equal(["#one", "#piazza", "#three", "#two"], (await bob.ExpectAsync<RoomsFrame>()).Rooms!.Select(r => r.Room));
    }

    [Fact]
    public async Task A_server_at_max_rooms_refuses_a_new_room_with_too_many_rooms_but_lets_anyone_join_the_ones_it_has()
    {
        // The default room is one of the three.
        await using var server = await TestServer.StartAsync(o => o with { MaxRooms = 3 });
        await using var alice = await server.EnterAsync("alice", "#one", "#two");
        await using var bob = await server.EnterAsync("bob");

        await bob.SendAsync(new JoinFrame("#three"));
        var refusal = await bob.ExpectErrorAsync(ErrorCodes.TooManyRooms);
        var existing = await bob.JoinRoomAsync("#two");
        var conversation = await bob.SayInAsync("@alice", "conversations are not rooms");

        Assert.Equal("#three", refusal.Room);
        Assert.Equal(["alice", "bob"], existing.Room.Users);
        Assert.Equal("@alice", conversation.Room);
        await bob.SendAsync(RoomsFrame.Request);
        Assert.Equal(3, (await bob.ExpectAsync<RoomsFrame>()).Rooms!.Count);
    }

    [Fact]
    public async Task The_server_cap_counts_every_room_ever_created_also_after_a_restart()
    {
        using var data = new TempDataDirectory();
        await using (var first = await TestServer.StartAsync(o => data.Sqlite(o) with { MaxRooms = 2 }))
        {
            await using var alice = await first.EnterAsync("alice", "#kept");
            await alice.SendAsync(new PartFrame("#kept"));
            await alice.ExpectAsync<LeftFrame>();
        }

        await using var second = await TestServer.StartAsync(o => data.Sqlite(o) with { MaxRooms = 2 });
        await using var bob = await second.EnterAsync("bob");
        await bob.SendAsync(new JoinFrame("#new"));
        var refusal = await bob.ExpectErrorAsync(ErrorCodes.TooManyRooms);
        var kept = await bob.JoinRoomAsync("#kept");

        Assert.Equal("#new", refusal.Room);
        Assert.Equal(["bob"], kept.Room.Users);
    }

    [Fact]
    public async Task A_hello_naming_more_than_100_rooms_gets_too_many_rooms_takes_no_name_and_one_naming_100_joins_them_all()
    {
        await using var server = await TestServer.StartAsync(o => o with { RateBurst = 1000 });
        await using var alice = await server.ConnectAsync();
        var tooMany = Enumerable.Range(0, 101).ToDictionary(i => $"#r{i}", _ => RoomCursor.None);

        await alice.SendAsync(new HelloFrame("alice", Protocol: 2, Rooms: tooMany));
        var refusal = await alice.ExpectErrorAsync(ErrorCodes.TooManyRooms);
        Assert.Contains("100", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Server.MemberCount);

        var entries = await alice.EnterAsync("alice", tooMany.Keys.Take(100).ToDictionary(r => r, _ => RoomCursor.None));
        Assert.Equal(100, entries.Count);
        Assert.All(entries.Values, e => Assert.Equal(["alice"], e.Room.Users));
        await alice.SendAsync(RoomsFrame.Request);
        Assert.Equal(101, (await alice.ExpectAsync<RoomsFrame>()).Rooms!.Count);
    }
}
