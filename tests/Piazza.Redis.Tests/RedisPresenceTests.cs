using Microsoft.Extensions.Logging.Abstractions;
using Piazza.Redis.Tests.Support;
using Piazza.Store.Redis;

namespace Piazza.Redis.Tests;

/// <summary>The presence scripts on a real Redis: a person is in a room while any node has them, and only the first entry and the last exit anywhere are announced.</summary>
public sealed class RedisPresenceTests(SharedRedis redis)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Turn = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task The_first_entry_and_the_last_exit_anywhere_are_announced_and_a_held_turn_makes_others_wait()
    {
        await using var store = await OpenAsync();
        await store.BeatAsync("a", Lease);
        await store.BeatAsync("b", Lease);

        var first = await store.EnterAsync("#r", "alice", "Alice", "a", "a:1", Turn);
        var whileAnnouncing = await store.EnterAsync("#r", "alice", "Alice", "b", "b:1", Turn);
        await store.EndTurnAsync("#r", "alice", "b:1");
        var stillHeld = await store.ExitAsync("#r", "alice", "a", "a:2", Turn);
        await store.EndTurnAsync("#r", "alice", "a:1");
        var second = await store.EnterAsync("#r", "alice", "Alice", "b", "b:2", Turn);
        var firstOut = await store.ExitAsync("#r", "alice", "a", "a:3", Turn);
        var members = await store.MembersAsync("#r");
        var lastOut = await store.ExitAsync("#r", "alice", "b", "b:3", Turn);
        await store.EndTurnAsync("#r", "alice", "b:3");

        Assert.Equal(PresenceChange.Announce, first);
        Assert.Equal(PresenceChange.Busy, whileAnnouncing);
        Assert.Equal(PresenceChange.Busy, stillHeld);
        Assert.Equal(PresenceChange.Quiet, second);
        Assert.Equal(PresenceChange.Quiet, firstOut);
        Assert.Equal(new Dictionary<string, string> { ["alice"] = "Alice" }, members);
        Assert.Equal(PresenceChange.Announce, lastOut);
        Assert.Empty(await store.MembersAsync("#r"));
    }

    [Fact]
    public async Task A_dead_node_s_members_are_returned_for_announcing_only_when_no_other_node_has_them_with_their_turn_held()
    {
        await using var store = await OpenAsync();
        await store.BeatAsync("live", Lease);
        await store.BeatAsync("dead", TimeSpan.FromMilliseconds(1));
        await store.AddMemberAsync("#r", "alice", "Alice", "dead");
        await store.AddMemberAsync("#r", "alice", "Alice", "live");
        await store.AddMemberAsync("#r", "bob", "Bob", "dead");

        // The dead node's lease runs out within a millisecond; the sweep is asked until it has.
        IReadOnlyList<(string Room, string Person, string Name, string Node)> reaped;
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((reaped = await store.ReapAsync("live:sweep", Turn)).Count == 0)
        {
            await Task.Delay(10, guard.Token);
        }

        // Bob's turn is the sweep's until his left is stored: his next entry waits for it.
        var beforeHisLeft = await store.EnterAsync("#r", "bob", "Bob", "live", "live:2", Turn);
        await store.EndTurnAsync("#r", "bob", "live:sweep");
        var afterHisLeft = await store.EnterAsync("#r", "bob", "Bob", "live", "live:3", Turn);

        Assert.Equal([("#r", "bob", "Bob", "dead")], reaped);
        Assert.Equal(PresenceChange.Busy, beforeHisLeft);
        Assert.Equal(PresenceChange.Announce, afterHisLeft);
        await store.EndTurnAsync("#r", "bob", "live:3");
        await store.RemoveMemberAsync("#r", "bob", "live");
        Assert.Equal(new Dictionary<string, string> { ["alice"] = "Alice" }, await store.MembersAsync("#r"));
        Assert.Equal(PresenceChange.Announce, await store.ExitAsync("#r", "alice", "live", "live:1", Turn));
    }

    private async Task<RedisStore> OpenAsync()
    {
        Assert.SkipWhen(RedisServer.Missing is not null, RedisServer.Missing ?? "");
        var store = new RedisStore(new RedisStoreOptions(redis.Server.Address) { Prefix = SharedRedis.NewPrefix() }, NullLogger.Instance, TimeProvider.System);
        await store.OpenAsync();
        return store;
    }
}
