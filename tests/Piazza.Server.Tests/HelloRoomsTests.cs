namespace Piazza.Server.Tests;

/// <summary>Protocol §7 and §15: a version 2 hello naming rooms and conversations, each with its cursor.</summary>
public sealed class HelloRoomsTests
{
    [Fact]
    public async Task A_hello_joins_each_room_it_names_and_refuses_an_invalid_one_with_its_room_keeping_the_rest()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.ConnectAsync();

        await alice.HelloAsync("alice", new Dictionary<string, RoomCursor>
        {
            ["#Dev"] = RoomCursor.None,
            ["ops"] = RoomCursor.None,
            ["#ops"] = new(Since: 5, Epoch: "nope"),
        });
        var seen = new List<Frame>();
        while (seen.Count(f => f is RoomFrame or ErrorFrame) < 3)
        {
            seen.Add(await alice.ReceiveAsync());
        }

        var refusal = Assert.IsType<ErrorFrame>(Assert.Single(seen, f => f is ErrorFrame));
        Assert.Equal((ErrorCodes.InvalidRoom, "ops"), (refusal.Code, refusal.Room));
        Assert.Equal(["#dev", "#ops"], seen.OfType<RoomFrame>().Select(r => r.Room).Order());
        Assert.Equal(1, server.Server.MemberCount);
    }

    [Fact]
    public async Task A_hello_may_name_a_conversation_with_its_cursor_and_gets_what_came_after_it()
    {
        await using var server = await TestServer.StartAsync();
        await using var bob = await server.EnterAsync("bob");
        RoomCursor cursor;
        await using (var alice = await server.EnterAsync("alice"))
        {
            await bob.SayInAsync("@alice", "one");
            await alice.ExpectAsync<MessageFrame>();
            cursor = RoomEvents.Cursors(alice.Received)["@bob"];
            await bob.SayInAsync("@alice", "two");
            await bob.SayInAsync("@alice", "three");
        }

        await using var again = await server.ConnectAsync();
        await Eventually.TrueAsync(() => server.Server.MemberCount == 1, what: "alice's first connection to be gone");
        var entry = (await again.EnterAsync("alice", new Dictionary<string, RoomCursor> { ["@Bob"] = cursor }))["@bob"];

        Assert.Equal((cursor.Epoch, 3L, false), (entry.Room.Epoch, entry.Room.LastId, entry.Room.Truncated));
        Assert.Equal(["two", "three"], entry.Replay.Cast<MessageFrame>().Select(m => m.Text));
    }
}
