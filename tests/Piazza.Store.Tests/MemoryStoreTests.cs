using Piazza.Store.Tests.Support;

namespace Piazza.Store.Tests;

/// <summary>The contract on the memory store, and what only it promises: new epochs per process, bounded memory.</summary>
public sealed class MemoryStoreTests : StoreContractTests
{
    protected override IEventStore Create(StoreOptions options) => new MemoryStore(options, Time);

    /// <summary>The memory store applies retention as it goes.</summary>
    protected override Task ApplyRetentionAsync(IEventStore store) => Task.CompletedTask;

    [Fact]
    public async Task Every_new_memory_store_gives_its_rooms_new_epochs()
    {
        var first = await OpenAsync();
        var second = await OpenAsync();

        var a = await first.GetRoomAsync("#piazza", create: true);
        var b = await second.GetRoomAsync("#piazza", create: true);
        var c = await first.GetRoomAsync("#other", create: true);

        Assert.NotEqual(a!.Epoch, b!.Epoch);
        Assert.NotEqual(a.Epoch, c!.Epoch);
        Assert.Equal(a, await first.GetRoomAsync("#piazza", create: true));
    }

    [Fact]
    public async Task A_room_keeps_at_most_ten_thousand_events_when_no_retention_is_set()
    {
        var store = await FilledAsync("#r", MemoryStore.DefaultEventsPerRoom + 50);

        var room = await store.GetRoomAsync("#r", create: false);
        var all = await store.ReadAllAsync("#r");

        Assert.Equal((10_050L, 51L), (room!.LastId, room.OldestId));
        Assert.Equal(MemoryStore.DefaultEventsPerRoom, all.Count);
        Assert.Equal(51, all[0].Id);
    }

    [Fact]
    public async Task The_dedupe_map_forgets_its_oldest_refs_beyond_its_cap()
    {
        await using var store = new MemoryStore(new StoreOptions(), Time, maxRefs: 3);
        for (var i = 1; i <= 5; i++)
        {
            await store.CommitAsync(Drafts.Say("#r", $"m{i}", "alice", $"c-{i}"));
        }

        var oldest = await store.AppendAsync(Drafts.Say("#r", "m1", "alice", "c-1"));
        var newest = await store.AppendAsync(Drafts.Say("#r", "m5", "alice", "c-5"));

        Assert.Equal(3, store.RefCount);
        Assert.Equal(AppendStatus.Committed, oldest.Status);
        Assert.Equal(AppendStatus.Duplicate, newest.Status);
        Assert.Equal(5, newest.Event!.Id);
    }

    [Fact]
    public async Task Expired_refs_leave_the_dedupe_map()
    {
        var store = (MemoryStore)await OpenAsync(new StoreOptions { DedupeWindow = TimeSpan.FromMinutes(10) });
        for (var i = 1; i <= 100; i++)
        {
            await store.CommitAsync(Drafts.Say("#r", $"m{i}", "alice", $"c-{i}"));
        }

        Time.Advance(TimeSpan.FromMinutes(11));
        await store.CommitAsync(Drafts.Say("#r", "later", "bob", "c-1"));

        Assert.Equal(1, store.RefCount);
    }

    [Fact]
    public async Task A_resent_ref_whose_event_retention_removed_is_still_a_duplicate_within_the_window()
    {
        var store = await OpenAsync(new StoreOptions { RetentionEvents = 1 });
        var original = await store.CommitAsync(Drafts.Say("#r", "first", "alice", "c-1"));
        await store.CommitAsync(Drafts.Say("#r", "second"));

        var again = await store.AppendAsync(Drafts.Say("#r", "first", "alice", "c-1"));
        var found = await store.FindByRefAsync("alice", "c-1");

        Assert.Equal(["second"], (await store.ReadAllAsync("#r")).Select(e => e.Text));
        Assert.Equal(AppendResult.Duplicate(original), again);
        Assert.Equal((original.Room, original.Id, original.Ts), (found!.Room, found.Id, found.Ts));
        Assert.Equal(2, (await store.GetRoomAsync("#r", create: false))!.LastId);
    }

    [Fact]
    public async Task A_resent_ref_whose_event_is_still_held_gets_that_event_back()
    {
        var store = await OpenAsync();
        var original = await store.CommitAsync(Drafts.Topic("#r", "the topic", "alice") with { Sender = "alice", Ref = "c-1" });
        await store.CommitAsync(Drafts.Say("#r", "second"));

        var again = await store.AppendAsync(Drafts.Say("#r", "not the topic", "alice", "c-1"));

        Assert.Equal(AppendResult.Duplicate(original), again);
        Assert.Equal(original, await store.FindByRefAsync("alice", "c-1"));
    }
}
