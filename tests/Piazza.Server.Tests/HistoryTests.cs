namespace Piazza.Server.Tests;

/// <summary>Protocol §9 and §15: scrollback with history, its pages, and its refusals.</summary>
public sealed class HistoryTests
{
    [Fact]
    public async Task History_pages_back_from_the_newest_with_live_event_objects_and_more_until_the_first()
    {
        await using var server = await TestServer.StartAsync(o => o with { RateBurst = 1000 });
        await using var alice = await server.EnterAsync("alice", "#dev");
        await using var bob = await server.EnterAsync("bob", "#dev");
        for (var i = 1; i <= 60; i++)
        {
            await alice.SayInAsync("#dev", $"m{i}");
        }

        var live = await bob.SyncAsync();
        var newest = await bob.HistoryAsync("#DEV");
        var page = await bob.HistoryAsync("#dev", before: 10, limit: 3);
        var first = await bob.HistoryAsync("#dev", before: 3, limit: 200);
        var (all, pages) = await bob.PageBackAsync("#dev", before: null, limit: 200);

        // Without a limit, 50 events; the page's events are the live ones, room and all.
        Assert.Equal("#dev", newest.Room);
        Assert.Equal(50, newest.Events!.Count);
        Assert.True(newest.More);
        Assert.Equal(live.LiveIn("#dev").TakeLast(50), newest.Events);
        Assert.Equal([7L, 8, 9], page.Events!.Select(RoomEvents.IdOf));
        Assert.True(page.More);
        Assert.Equal([1L, 2], first.Events!.Select(RoomEvents.IdOf));
        Assert.False(first.More);
        Assert.IsType<JoinedFrame>(first.Events![0]);
        Assert.Equal(1, pages);
        Assert.Equal(Enumerable.Range(1, 62).Select(i => (long)i), all.Select(RoomEvents.IdOf));
        Assert.All(all, e => Assert.False(RoomEvents.IsReplay(e)));
    }

    [Fact]
    public async Task History_of_a_room_you_are_not_in_is_not_in_room_even_when_the_room_exists()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.EnterAsync("alice", "#secret");
        await alice.SayInAsync("#secret", "for members");
        await using var bob = await server.EnterAsync("bob");

        await bob.SendAsync(new HistoryFrame("#secret"));
        var exists = await bob.ExpectErrorAsync(ErrorCodes.NotInRoom);
        await bob.SendAsync(new HistoryFrame("#nowhere"));
        var missing = await bob.ExpectErrorAsync(ErrorCodes.NotInRoom);

        Assert.Equal(("#secret", "#nowhere"), (exists.Room, missing.Room));
        Assert.DoesNotContain(bob.Received, f => f is HistoryFrame);
    }

    [Theory]
    [InlineData("""{"type":"history","room":"#dev","limit":0}""", "'limit'")]
    [InlineData("""{"type":"history","room":"#dev","limit":201}""", "'limit'")]
    [InlineData("""{"type":"history","room":"#dev","limit":-5}""", "'limit'")]
    [InlineData("""{"type":"history","room":"#dev","limit":99999999999}""", "limit")]
    [InlineData("""{"type":"history","room":"#dev","before":0}""", "'before'")]
    [InlineData("""{"type":"history","room":"#dev","before":-1}""", "'before'")]
    [InlineData("""{"type":"history","room":"#dev","before":1.5}""", "before")]
    [InlineData("""{"type":"join","room":"#dev","since":-1}""", "'since'")]
    public async Task A_history_or_join_with_a_number_out_of_range_is_bad_frame_naming_the_field_and_the_connection_stays_open(string line, string field)
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.EnterAsync("alice", "#dev");

        await alice.SendLineAsync(line);
        var error = await alice.ExpectErrorAsync(ErrorCodes.BadFrame);

        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        Assert.Single((await alice.HistoryAsync("#dev", limit: 200)).Events!);
    }
}
