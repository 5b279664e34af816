namespace Piazza.Server.Tests;

/// <summary>
/// Protocol §9 exact catch-up, across a restart on the same SQLite file: a client that returns
/// with its cursors gets exactly what it missed, each event once, in order; what does not fit in
/// --replay-max it pages back with history, without gap or overlap.
/// </summary>
public sealed class CatchUpTests
{
    [Fact]
    public async Task A_client_that_returns_after_a_restart_with_its_cursors_gets_exactly_the_events_after_them_each_once_in_order()
    {
        using var data = new TempDataDirectory();
        Func<ServerOptions, ServerOptions> options = o => data.Sqlite(o) with { RateBurst = 1000 };
        var said = new List<(string Room, long Id, string Text)>();
        Dictionary<string, RoomCursor> cursors;
        await using (var server = await TestServer.StartAsync(options))
        {
            await using var alice = await server.EnterAsync("alice", "#one", "#two", "#three");
            await using var bob = await server.EnterAsync("bob", "#one", "#two", "#three");
            await using var carol = await server.EnterAsync("carol", "#one", "#two");
            foreach (var room in new[] { "#one", "#two", "#three" })
            {
                await bob.SayInAsync(room, $"before in {room}");
            }

            await alice.SayInAsync("@bob", "hi bob");
            await bob.SayInAsync("@alice", "hi alice");

            // Alice has read everything so far; from here on her client reads nothing (it hangs,
            // or its process is gone while the server has not noticed): she left at her cursors.
            await alice.SyncAsync();
            cursors = RoomEvents.Cursors(alice.Received);
            for (var i = 0; i < 5; i++)
            {
                foreach (var (sender, room) in new[] { (bob, "#one"), (carol, "#one"), (bob, "#two"), (carol, "#two"), (bob, "#three"), (bob, "@alice") })
                {
                    var text = $"{sender.Received.Count(f => f is AckFrame)} from {(sender == bob ? "bob" : "carol")} in {room}";
                    said.Add((room == "@alice" ? "@bob" : room, (await sender.SayInAsync(room, text)).Id, text));
                }
            }

            await bob.SendAsync(new TopicFrame("#three", "while alice was away"));
            await bob.ExpectAsync<TopicFrame>();
            await carol.SendAsync(new PartFrame("#two"));
            await carol.ExpectAsync<LeftFrame>();
            await carol.JoinRoomAsync("#two");

            // Stopped while everyone is connected: a shutdown stores no left.
            await server.Server.StopAsync(TestContext.Current.CancellationToken);
        }

        await using var restarted = await TestServer.StartAsync(options);
        await using var bob2 = await restarted.EnterAsync("bob", "#one", "#two", "#three");
        foreach (var room in new[] { "#one", "#two", "#three" })
        {
            said.Add((room, (await bob2.SayInAsync(room, $"after the restart in {room}")).Id, $"after the restart in {room}"));
        }

        // She returns with her cursors: two in her hello, one and the conversation by join.
        await using var alice2 = await restarted.ConnectAsync();
        var entries = new Dictionary<string, RoomEntry>(await alice2.EnterAsync(
            "alice", new Dictionary<string, RoomCursor> { ["#one"] = cursors["#one"], ["#two"] = cursors["#two"] }))
        {
            ["#three"] = await alice2.JoinRoomAsync("#three", cursors["#three"].Since, cursors["#three"].Epoch),
            ["@bob"] = await alice2.JoinRoomAsync("@bob", cursors["@bob"].Since, cursors["@bob"].Epoch),
        };

        foreach (var (room, entry) in entries)
        {
            var since = cursors[room].Since!.Value;
            Assert.Equal(cursors[room].Epoch, entry.Room.Epoch);
            Assert.False(entry.Room.Truncated, $"{room} was truncated");

            // Every event after the cursor, in order, each once: a room's own joined (its lastId)
            // is the end; in a conversation, which has no joined, lastId is the newest event.
            var end = room.StartsWith('@') ? entry.Room.LastId : entry.Room.LastId - 1;
            Assert.Equal(Range(since + 1, end), entry.ReplayIds);
            Assert.All(entry.Replay, e => Assert.Equal((room, true), (RoomEvents.RoomOf(e), RoomEvents.IsReplay(e))));

            // They are the events the store holds, as they were sent live...
            var (stored, _) = await alice2.PageBackAsync(room, before: end + 1, limit: ProtocolLimits.MaxHistoryLimit, after: since);
            Assert.Equal(stored, entry.Replay.Select(RoomEvents.AsLive));

            // ... among them every message the others were acked for after her cursor.
            var missed = said.Where(s => s.Room == room && s.Id > since).ToList();
            Assert.Equal(missed.Select(s => (s.Id, s.Text)), entry.Replay.OfType<MessageFrame>().Where(m => m.From != "alice").Select(m => (m.Id, m.Text)));
        }

        Assert.Contains(entries["#three"].Replay, e => e is TopicFrame { Topic: "while alice was away" });
        Assert.Contains(entries["#two"].Replay, e => e is LeftFrame { User: "carol", Reason: LeaveReasons.Part });
        Assert.Equal(5, entries["@bob"].Replay.Count);

        // Live traffic follows on from each room's lastId.
        var live = await bob2.SayInAsync("#one", "welcome back");
        Assert.Equal(entries["#one"].Room.LastId + 1, live.Id);
        Assert.Equal(live.Id, (await alice2.ExpectAsync<MessageFrame>(m => m.Text == "welcome back")).Id);
        Assert.Empty(restarted.Logs.Problems);
    }

    [Fact]
    public async Task A_cursor_older_than_replay_max_gets_the_newest_events_and_truncated_and_history_pages_the_rest_without_gap_or_overlap()
    {
        const int ReplayMax = 10, Missed = 47;
        using var data = new TempDataDirectory();
        Func<ServerOptions, ServerOptions> options = o => data.Sqlite(o) with { RateBurst = 1000, ReplayMax = ReplayMax };
        RoomCursor cursor;
        await using (var server = await TestServer.StartAsync(options))
        {
            await using var alice = await server.EnterAsync("alice", "#dev");
            await using var bob = await server.EnterAsync("bob", "#dev");
            await bob.SayInAsync("#dev", "seen");
            await alice.ExpectAsync<MessageFrame>();
            cursor = RoomEvents.Cursors(alice.Received)["#dev"];
            await alice.SendAsync(ByeFrame.Instance);
            await alice.ReadToEndAsync();
            for (var i = 0; i < Missed; i++)
            {
                await bob.SayInAsync("#dev", $"missed {i}");
            }
        }

        await using var restarted = await TestServer.StartAsync(options);
        await using var alice2 = await restarted.ConnectAsync();
        var entry = (await alice2.EnterAsync("alice", new Dictionary<string, RoomCursor> { ["#dev"] = cursor }))["#dev"];

        // The newest ReplayMax events before her joined...
        var lastId = entry.Room.LastId;
        Assert.True(entry.Room.Truncated);
        Assert.Equal(Range(lastId - ReplayMax, lastId - 1), entry.ReplayIds);

        // ...and the rest paged back, in pages that do not divide it evenly.
        var first = entry.ReplayIds[0];
        var (older, pages) = await alice2.PageBackAsync("#dev", before: first, limit: 7, after: cursor.Since!.Value);
        var all = older.Concat(entry.Replay.Select(RoomEvents.AsLive)).ToList();
        Assert.Equal(Range(cursor.Since!.Value + 1, lastId - 1), all.Select(RoomEvents.IdOf));
        Assert.True(pages > 1, "the rest fitted in one page: nothing was paged");
        Assert.Equal(Enumerable.Range(0, Missed).Select(i => $"missed {i}"), all.OfType<MessageFrame>().Select(m => m.Text));
        Assert.Equal((LeaveReasons.Quit, "alice"), all.OfType<LeftFrame>().Select(l => (l.Reason, l.User)).First());
    }

    [Fact]
    public async Task A_cursor_at_the_newest_event_replays_nothing_and_is_not_truncated()
    {
        using var data = new TempDataDirectory();
        RoomCursor cursor;
        await using (var server = await TestServer.StartAsync(data.Sqlite))
        {
            await using var alice = await server.EnterAsync("alice", "#dev");
            await alice.SayInAsync("#dev", "the last word");
            cursor = RoomEvents.Cursors(alice.Received)["#dev"];

            // Stopped while she is connected: a shutdown stores no left, so her message stays the newest event.
            await server.Server.StopAsync(TestContext.Current.CancellationToken);
        }

        await using var restarted = await TestServer.StartAsync(data.Sqlite);
        await using var alice2 = await restarted.ConnectAsync();
        var entry = (await alice2.EnterAsync("alice", new Dictionary<string, RoomCursor> { ["#dev"] = cursor }))["#dev"];

        Assert.Equal(cursor.Since + 1, entry.Room.LastId);
        Assert.False(entry.Room.Truncated);
        Assert.Empty(entry.Replay);
    }

    private static IEnumerable<long> Range(long first, long last) =>
        first > last ? [] : Enumerable.Range(0, (int)(last - first + 1)).Select(i => first + i);
}
