namespace Piazza.Server.Tests;

/// <summary>
/// Protocol §9 and §15: epochs and ids across restarts, and cursors that do not count. A cursor
/// from another history is never applied to this one: it gets the recent messages and truncated.
/// </summary>
public sealed class EpochTests
{
    [Fact]
    public async Task With_the_memory_store_a_restart_changes_every_epoch_and_an_old_cursor_gets_recent_history_and_truncated_never_a_replay()
    {
        Func<ServerOptions, ServerOptions> options = o => o with { Store = StoreNames.Memory, History = 2, RateBurst = 100 };
        Dictionary<string, RoomCursor> old;
        await using (var server = await TestServer.StartAsync(options))
        {
            await using var alice = await server.EnterAsync("alice", "#piazza", "#dev");
            await using var bob = await server.EnterAsync("bob", "#piazza", "#dev");
            await bob.SayInAsync("#dev", "old 1");
            await bob.SayInAsync("@alice", "old dm");
            await alice.ExpectAsync<MessageFrame>(m => m.Text == "old dm");
            old = RoomEvents.Cursors(alice.Received);
        }

        await using var restarted = await TestServer.StartAsync(options);
        await using var bob2 = await restarted.EnterAsync("bob", "#piazza", "#dev");
        for (var i = 1; i <= 6; i++)
        {
            await bob2.SayInAsync("#dev", $"new {i}");
        }

        await using var alice2 = await restarted.ConnectAsync();
        var entries = await alice2.EnterAsync("alice", new Dictionary<string, RoomCursor> { ["#piazza"] = old["#piazza"], ["#dev"] = old["#dev"] });
        await bob2.SayInAsync("@alice", "new dm");
        var conversation = await alice2.ExpectAsync<RoomFrame>(r => r.Room == "@bob");
        var rejoined = await alice2.JoinRoomAsync("@bob", old["@bob"].Since, old["@bob"].Epoch);

        Assert.NotEqual(old["#piazza"].Epoch, entries["#piazza"].Room.Epoch);
        Assert.NotEqual(old["#dev"].Epoch, entries["#dev"].Room.Epoch);
        Assert.NotEqual(old["@bob"].Epoch, conversation.Epoch);

        // The old cursor (since 3) would have picked ids 4 on of the new history: the recent
        // messages come instead, and truncated says there is more.
        var dev = entries["#dev"];
        Assert.True(dev.Room.Truncated);
        Assert.Equal(["new 5", "new 6"], dev.Replay.Cast<MessageFrame>().Select(m => m.Text));
        Assert.True(entries["#piazza"].Room.Truncated);
        Assert.Empty(entries["#piazza"].Replay);
        Assert.Equal(conversation.Epoch, rejoined.Room.Epoch);
        Assert.Equal(["new dm"], rejoined.Replay.Cast<MessageFrame>().Select(m => m.Text));
    }

    [Fact]
    public async Task With_SQLite_epochs_survive_restarts_and_ids_continue_where_they_stopped_never_reused()
    {
        using var data = new TempDataDirectory();
        var epochs = new List<IReadOnlyDictionary<string, string>>();
        var acked = new List<(long Id, string Text)>();
        var dmAcked = new List<long>();
        for (var run = 0; run < 3; run++)
        {
            await using var server = await TestServer.StartAsync(data.Sqlite);
            await using var alice = await server.ConnectAsync();
            var entries = await alice.EnterAsync("alice", "#piazza", "#dev");
            await using var bob = await server.EnterAsync("bob", "#dev");
            acked.Add(((await alice.SayInAsync("#dev", $"run {run}")).Id, $"run {run}"));
            dmAcked.Add((await alice.SayInAsync("@bob", $"dm {run}")).Id);
            var conversation = alice.Received.OfType<RoomFrame>().Single(r => r.Room == "@bob");
            epochs.Add(new Dictionary<string, string>
            {
                ["#piazza"] = entries["#piazza"].Room.Epoch,
                ["#dev"] = entries["#dev"].Room.Epoch,
                ["@bob"] = conversation.Epoch,
            });

            // Each run continues the sequence: its own joined follows the last run's last event.
            if (run > 0)
            {
                Assert.Equal(acked[run - 1].Id + 1, entries["#dev"].Room.LastId);
                Assert.Equal(dmAcked[run - 1], conversation.LastId);
            }

            // Stopped while everyone is connected: a shutdown stores no left.
            await server.Server.StopAsync(TestContext.Current.CancellationToken);
        }

        Assert.All(epochs, e => Assert.Equal(epochs[0], e));
        Assert.Equal([1L, 2, 3], dmAcked);

        await using var last = await TestServer.StartAsync(data.Sqlite);
        await using var reader = await last.EnterAsync("reader", "#dev");
        var (history, _) = await reader.PageBackAsync("#dev", before: null, limit: 5);
        var ids = history.Select(RoomEvents.IdOf).ToList();
        Assert.Equal(Enumerable.Range(1, ids.Count).Select(i => (long)i), ids);
        Assert.Equal(acked, history.OfType<MessageFrame>().Select(m => (m.Id, m.Text)));
    }

    [Fact]
    public async Task A_cursor_without_an_epoch_or_with_another_rooms_epoch_or_a_since_in_the_future_gets_recent_history_and_truncated()
    {
        await using var server = await TestServer.StartAsync(o => o with { History = 3, RateBurst = 100 });
        await using var alice = await server.ConnectAsync();
        var entries = await alice.EnterAsync("alice", "#dev", "#ops");
        for (var i = 1; i <= 5; i++)
        {
            await alice.SayInAsync("#dev", $"m{i}");
        }

        var dev = entries["#dev"].Room.Epoch;
        var ops = entries["#ops"].Room.Epoch;
        RoomCursor[] ignored =
        [
            new(Since: 2),
            new(Epoch: dev),
            new(Since: 2, Epoch: ops),
            new(Since: 2, Epoch: "not-an-epoch"),
            new(Since: 7, Epoch: dev),
            new(Since: long.MaxValue, Epoch: dev),
        ];

        foreach (var cursor in ignored)
        {
            var entry = await alice.JoinRoomAsync("#dev", cursor.Since, cursor.Epoch);
            Assert.True(entry.Room.Truncated, $"{cursor} was not truncated");
            Assert.Equal(["m3", "m4", "m5"], entry.Replay.Cast<MessageFrame>().Select(m => m.Text));
        }

        // The same cursor with the room's own epoch counts.
        var counted = await alice.JoinRoomAsync("#dev", 2, dev);
        Assert.False(counted.Room.Truncated);
        Assert.Equal([3L, 4, 5, 6], counted.ReplayIds);
    }

    [Fact]
    public async Task A_negative_since_is_bad_frame_naming_the_field_in_a_join_and_in_a_hello()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await server.EnterAsync("alice", "#dev");
        await using var late = await server.ConnectAsync();

        await alice.SendAsync(new JoinFrame("#dev", -1, "any"));
        var join = await alice.ExpectErrorAsync(ErrorCodes.BadFrame);
        await late.SendLineAsync("""{"type":"hello","user":"late","protocol":2,"rooms":{"#dev":{"since":-1,"epoch":"any"}}}""");
        var hello = await late.ExpectErrorAsync(ErrorCodes.BadFrame);

        Assert.Contains("'since'", join.Message, StringComparison.Ordinal);
        Assert.Equal("#dev", join.Room);
        Assert.Contains("rooms", hello.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.Server.MemberCount);
        Assert.DoesNotContain(await alice.SyncAsync(), f => f is RoomFrame);
        await late.EnterAsync("late", "#dev");
    }
}
