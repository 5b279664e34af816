using Microsoft.Extensions.Time.Testing;
using Piazza.Store.Tests.Support;

namespace Piazza.Store.Tests;

/// <summary>
/// What every store promises (IEventStore's contract), run against each store by a subclass.
/// </summary>
public abstract class StoreContractTests : IAsyncLifetime
{
    private readonly List<IEventStore> opened = [];

    /// <summary>A clock with a sub-millisecond part, so the tests see that stored times are cut to milliseconds.</summary>
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1234567));

    /// <summary>A new store of the kind under test, not yet opened.</summary>
    protected abstract IEventStore Create(StoreOptions options);

    /// <summary>Makes the store apply its retention now, as it would on its own sooner or later.</summary>
    protected abstract Task ApplyRetentionAsync(IEventStore store);

    protected async Task<IEventStore> OpenAsync(StoreOptions? options = null)
    {
        var store = Create(options ?? new StoreOptions());
        opened.Add(store);
        await store.OpenAsync();
        return store;
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var store in opened)
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task Ids_start_at_one_and_are_dense_in_each_room_independently()
    {
        var store = await OpenAsync();

        var ids = new List<(string Room, long Id)>();
        foreach (var room in new[] { "#a", "#b", "#a", "@alice@bob", "#a", "#b" })
        {
            var stored = await store.CommitAsync(Drafts.Say(room, "hi"));
            ids.Add((stored.Room, stored.Id));
        }

        Assert.Equal([("#a", 1L), ("#b", 1L), ("#a", 2L), ("@alice@bob", 1L), ("#a", 3L), ("#b", 2L)], ids);
        var a = await store.GetRoomAsync("#a", create: false);
        Assert.Equal(3, a!.LastId);
        Assert.Equal(1, a.OldestId);
    }

    [Fact]
    public async Task Concurrent_appends_from_many_tasks_get_dense_ids_without_duplicates_and_read_back_in_id_order()
    {
        var store = await OpenAsync();
        const int Tasks = 40, Each = 25;

        var results = await Task.WhenAll(Enumerable.Range(0, Tasks).Select(t => Task.Run(async () =>
        {
            var mine = new List<StoredEvent>();
            for (var i = 0; i < Each; i++)
            {
                var room = (t + i) % 2 == 0 ? "#even" : "#odd";
                mine.Add(await store.CommitAsync(Drafts.Say(room, $"{t}/{i}", user: $"user{t}", @ref: $"c-{i}")));
            }

            return mine;
        })));

        var all = results.SelectMany(r => r).ToList();
        foreach (var room in new[] { "#even", "#odd" })
        {
            var acked = all.Where(e => e.Room == room).OrderBy(e => e.Id).ToList();
            Assert.Equal(Enumerable.Range(1, acked.Count).Select(i => (long)i), acked.Select(e => e.Id));
            var read = await store.ReadAllAsync(room);
            Assert.Equal(acked.Select(e => (e.Id, e.Text)), read.Select(e => (e.Id, e.Text)));
            Assert.Equal(acked.Count, (await store.GetRoomAsync(room, create: false))!.LastId);
        }

        Assert.Equal(Tasks * Each, all.Select(e => e.Text).Distinct().Count());
    }

    [Fact]
    public async Task An_event_reads_back_as_it_was_stored_with_the_clock_time_cut_to_milliseconds()
    {
        var store = await OpenAsync();
        var expectedTs = new DateTimeOffset(2025, 3, 1, 12, 0, 0, 123, TimeSpan.Zero);

        var said = await store.CommitAsync(Drafts.Say("#dev", "héllo 👋", user: "bob"));
        var kicked = await store.CommitAsync(new EventDraft("#dev", EventKind.Left, "carol", Reason: "kicked", By: "bob"));
        var joined = await store.CommitAsync(Drafts.Joined("#dev", "dave"));

        Assert.Equal(new StoredEvent("#dev", 1, expectedTs, EventKind.Message, "bob", "héllo 👋"), said);
        Assert.Equal(new StoredEvent("#dev", 2, expectedTs, EventKind.Left, "carol", Reason: "kicked", By: "bob"), kicked);
        Assert.Equal(TimeSpan.Zero, joined.Ts.Offset);
        Assert.Equal([said, kicked, joined], await store.ReadAllAsync("#dev"));
    }

    [Fact]
    public async Task A_range_read_returns_the_events_strictly_between_after_and_before_oldest_first()
    {
        var store = await FilledAsync("#r", 10);

        var read = await store.ReadAsync("#r", after: 3, before: 8, limit: 100, ReadFrom.Oldest);

        Assert.Equal([4L, 5, 6, 7], read.Select(e => e.Id));
    }

    [Theory]
    [InlineData(ReadFrom.Oldest, new long[] { 2, 3, 4 })]
    [InlineData(ReadFrom.Newest, new long[] { 7, 8, 9 })]
    public async Task A_read_over_its_limit_keeps_the_asked_end_of_the_range_oldest_first(ReadFrom from, long[] expected)
    {
        var store = await FilledAsync("#r", 10);

        var read = await store.ReadAsync("#r", after: 1, before: 10, limit: 3, from);

        Assert.Equal(expected, read.Select(e => e.Id));
    }

    [Theory]
    [InlineData(-5, 100, 100, 1, 10)]
    [InlineData(long.MinValue, long.MaxValue, 3, 1, 3)]
    [InlineData(3, long.MaxValue, int.MaxValue, 4, 7)]
    [InlineData(0, 11, 100, 1, 10)]
    [InlineData(10, long.MaxValue, 100, 0, 0)]
    [InlineData(99, 200, 100, 0, 0)]
    [InlineData(5, 6, 100, 0, 0)]
    [InlineData(5, 5, 100, 0, 0)]
    [InlineData(7, 3, 100, 0, 0)]
    [InlineData(0, 11, 0, 0, 0)]
    [InlineData(0, 11, -1, 0, 0)]
    [InlineData(long.MaxValue, long.MaxValue, 100, 0, 0)]
    [InlineData(long.MinValue, long.MinValue, 100, 0, 0)]
    [InlineData(long.MinValue, 1, 100, 0, 0)]
    [InlineData(long.MaxValue, long.MinValue, 100, 0, 0)]
    public async Task Empty_and_out_of_range_bounds_give_what_lies_inside_them_and_never_fail(
        long after, long before, int limit, long firstId, int count)
    {
        var store = await FilledAsync("#r", 10);

        foreach (var from in new[] { ReadFrom.Oldest, ReadFrom.Newest })
        {
            var read = await store.ReadAsync("#r", after, before, limit, from);

            Assert.Equal(count, read.Count);
            if (count > 0 && from == ReadFrom.Oldest)
            {
                Assert.Equal(firstId, read[0].Id);
            }

            Assert.Equal(read.OrderBy(e => e.Id).Select(e => e.Id), read.Select(e => e.Id));
        }
    }

    [Fact]
    public async Task Reading_a_room_that_does_not_exist_gives_nothing_and_does_not_create_it()
    {
        var store = await OpenAsync();

        Assert.Empty(await store.ReadAsync("#nowhere", 0, long.MaxValue, 100, ReadFrom.Newest));
        Assert.Empty(await store.ReadRecentMessagesAsync("#nowhere", long.MaxValue, 100));
        Assert.Null(await store.GetRoomAsync("#nowhere", create: false));
    }

    [Fact]
    public async Task Recent_messages_are_the_newest_messages_before_the_cursor_skipping_other_kinds()
    {
        var store = await OpenAsync();
        await store.CommitAsync(Drafts.Joined("#r"));         // 1
        await store.CommitAsync(Drafts.Say("#r", "one"));     // 2
        await store.CommitAsync(Drafts.Topic("#r", "t"));     // 3
        await store.CommitAsync(Drafts.Say("#r", "two"));     // 4
        await store.CommitAsync(Drafts.Left("#r"));           // 5
        await store.CommitAsync(Drafts.Say("#r", "three"));   // 6
        await store.CommitAsync(Drafts.Joined("#r", "bob"));  // 7

        Assert.Equal(["two", "three"], (await store.ReadRecentMessagesAsync("#r", long.MaxValue, 2)).Select(e => e.Text));
        Assert.Equal(["one", "two"], (await store.ReadRecentMessagesAsync("#r", 6, 10)).Select(e => e.Text));
        Assert.Equal([2L, 4, 6], (await store.ReadRecentMessagesAsync("#r", long.MaxValue, 100)).Select(e => e.Id));
        Assert.Empty(await store.ReadRecentMessagesAsync("#r", 2, 100));
        Assert.Empty(await store.ReadRecentMessagesAsync("#r", long.MinValue, 100));
        Assert.Empty(await store.ReadRecentMessagesAsync("#r", long.MaxValue, 0));
    }

    [Fact]
    public async Task A_duplicate_ref_is_acknowledged_with_the_original_event_and_stores_nothing()
    {
        var store = await OpenAsync();
        var original = await store.CommitAsync(Drafts.Say("#r", "first", "alice", "c-1"));
        await store.CommitAsync(Drafts.Say("#r", "other", "bob"));
        Time.Advance(TimeSpan.FromMinutes(5));

        var again = await store.AppendAsync(Drafts.Say("#r", "first, resent", "alice", "c-1"));
        var elsewhere = await store.AppendAsync(Drafts.Say("#other", "first, to another room", "alice", "c-1"));

        Assert.Equal(AppendResult.Duplicate(original), again);
        Assert.Equal(AppendResult.Duplicate(original), elsewhere);
        Assert.Equal(2, (await store.GetRoomAsync("#r", create: false))!.LastId);
        Assert.Equal(["first", "other"], (await store.ReadAllAsync("#r")).Select(e => e.Text));
        Assert.Empty(await store.ReadAllAsync("#other"));
    }

    [Fact]
    public async Task The_same_ref_from_another_sender_is_a_new_message()
    {
        var store = await OpenAsync();

        var alice = await store.AppendAsync(Drafts.Say("#r", "from alice", "alice", "c-1"));
        var bob = await store.AppendAsync(Drafts.Say("#r", "from bob", "bob", "c-1"));

        Assert.Equal(AppendStatus.Committed, alice.Status);
        Assert.Equal(AppendStatus.Committed, bob.Status);
        Assert.Equal([1L, 2], new[] { alice.Event!.Id, bob.Event!.Id });
    }

    [Fact]
    public async Task A_ref_is_remembered_for_the_dedupe_window_and_forgotten_after_it()
    {
        var store = await OpenAsync(new StoreOptions { DedupeWindow = TimeSpan.FromHours(1) });
        var original = await store.CommitAsync(Drafts.Say("#r", "hi", "alice", "c-1"));

        Time.Advance(TimeSpan.FromMinutes(59));
        var within = await store.AppendAsync(Drafts.Say("#r", "hi", "alice", "c-1"));
        Time.Advance(TimeSpan.FromMinutes(2));
        var after = await store.AppendAsync(Drafts.Say("#r", "hi again", "alice", "c-1"));
        var afterThat = await store.AppendAsync(Drafts.Say("#r", "hi again", "alice", "c-1"));

        Assert.Equal(AppendResult.Duplicate(original), within);
        Assert.Equal(AppendStatus.Committed, after.Status);
        Assert.Equal(2, after.Event!.Id);
        Assert.Equal(AppendResult.Duplicate(after.Event), afterThat);
    }

    [Fact]
    public async Task A_ref_is_found_by_its_sender_within_the_dedupe_window_without_storing_anything()
    {
        var store = await OpenAsync(new StoreOptions { DedupeWindow = TimeSpan.FromHours(1) });
        var original = await store.CommitAsync(Drafts.Say("#r", "hi", "alice", "c-1"));
        await store.CommitAsync(Drafts.Say("@alice@bob", "psst", "alice", "c-2"));

        Time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(original, await store.FindByRefAsync("alice", "c-1"));
        Assert.Equal("@alice@bob", (await store.FindByRefAsync("alice", "c-2"))?.Room);
        Assert.Null(await store.FindByRefAsync("bob", "c-1"));
        Assert.Null(await store.FindByRefAsync("alice", "c-3"));
        Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(await store.FindByRefAsync("alice", "c-1"));
        Assert.Equal(1, (await store.GetRoomAsync("#r", create: false))!.LastId);
    }

    [Fact]
    public async Task One_ref_sent_many_times_at_once_is_stored_once()
    {
        var store = await OpenAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 50)
            .Select(i => Task.Run(async () => await store.AppendAsync(Drafts.Say("#r", $"try {i}", "alice", "c-7")))));

        var committed = Assert.Single(results, r => r.Status == AppendStatus.Committed);
        Assert.All(results, r => Assert.Equal(committed.Event, r.Event));
        Assert.Equal(1, (await store.GetRoomAsync("#r", create: false))!.LastId);
    }

    [Fact]
    public async Task A_topic_event_sets_the_room_topic()
    {
        var store = await OpenAsync();
        await store.CommitAsync(Drafts.Topic("#dev", "build talk"));
        await store.CommitAsync(Drafts.Say("#dev", "hi"));
        await store.CommitAsync(Drafts.Topic("#dev", "release friday"));

        var room = await store.GetRoomAsync("#dev", create: false);

        Assert.Equal("release friday", room!.Topic);
        Assert.Equal("release friday", Assert.Single(await store.ListRoomsAsync()).Topic);
    }

    [Fact]
    public async Task The_room_directory_lists_the_rooms_but_not_direct_conversations()
    {
        var store = await OpenAsync();
        await store.CommitAsync(Drafts.Say("#zeta", "z"));
        await store.CommitAsync(Drafts.Say("@alice@bob", "psst"));
        await store.GetRoomAsync("#alpha", create: true);
        await store.CommitAsync(Drafts.Say("#zeta", "z"));

        var rooms = await store.ListRoomsAsync();

        Assert.Equal(["#alpha", "#zeta"], rooms.Select(r => r.Room));
        Assert.Equal([0L, 2], rooms.Select(r => r.LastId));
        Assert.Equal([0L, 1], rooms.Select(r => r.OldestId));
    }

    [Fact]
    public async Task A_room_asked_for_with_create_exists_from_then_on_with_one_epoch_and_no_events()
    {
        var store = await OpenAsync();

        Assert.Null(await store.GetRoomAsync("#new", create: false));
        var created = await store.GetRoomAsync("#new", create: true);
        var again = await store.GetRoomAsync("#new", create: true);
        var stored = await store.CommitAsync(Drafts.Say("#new", "first"));
        var after = await store.GetRoomAsync("#new", create: false);

        Assert.Equal(new RoomInfo("#new", created!.Epoch, 0, 0, null, UnixMsNow()), created);
        Assert.False(string.IsNullOrWhiteSpace(created.Epoch));
        Assert.Equal(created, again);
        Assert.Equal(1, stored.Id);
        Assert.Equal(created with { LastId = 1, OldestId = 1 }, after);
    }

    [Fact]
    public async Task Rooms_created_at_once_by_many_callers_are_one_room()
    {
        var store = await OpenAsync();

        var rooms = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => store.GetRoomAsync("#busy", create: true))));

        Assert.Single(rooms.Select(r => r!.Epoch).Distinct());
    }

    [Fact]
    public async Task Retention_by_events_keeps_the_newest_events_and_moves_the_oldest_id()
    {
        var store = await FilledAsync("#r", 12, new StoreOptions { RetentionEvents = 5 });
        await store.CommitAsync(Drafts.Say("#small", "only one"));

        await ApplyRetentionAsync(store);

        Assert.Equal([8L, 9, 10, 11, 12], (await store.ReadAllAsync("#r")).Select(e => e.Id));
        var room = await store.GetRoomAsync("#r", create: false);
        Assert.Equal((12L, 8L), (room!.LastId, room.OldestId));
        Assert.Single(await store.ReadAllAsync("#small"));
    }

    [Fact]
    public async Task Retention_by_days_removes_the_events_older_than_that()
    {
        var store = await FilledAsync("#r", 3, new StoreOptions { RetentionDays = 1 });
        Time.Advance(TimeSpan.FromHours(23));
        await store.CommitAsync(Drafts.Say("#r", "four"));
        Time.Advance(TimeSpan.FromHours(2));
        await store.CommitAsync(Drafts.Say("#r", "five"));

        await ApplyRetentionAsync(store);

        Assert.Equal([4L, 5], (await store.ReadAllAsync("#r")).Select(e => e.Id));
        Assert.Equal(4, (await store.GetRoomAsync("#r", create: false))!.OldestId);
    }

    [Fact]
    public async Task Ids_are_not_reused_after_retention_removed_every_event_of_a_room()
    {
        var store = await FilledAsync("#r", 3, new StoreOptions { RetentionDays = 1 });
        Time.Advance(TimeSpan.FromDays(2));

        await ApplyRetentionAsync(store);
        var emptied = await store.GetRoomAsync("#r", create: false);
        var next = await store.CommitAsync(Drafts.Say("#r", "four"));

        Assert.Equal((3L, 0L), (emptied!.LastId, emptied.OldestId));
        Assert.Empty(await store.ReadAsync("#r", 0, 4, 100, ReadFrom.Oldest));
        Assert.Equal(4, next.Id);
    }

    [Fact]
    public async Task After_the_store_is_disposed_appends_are_refused_and_reads_fail_as_unavailable()
    {
        var store = await OpenAsync();
        await store.CommitAsync(Drafts.Say("#r", "before"));

        await store.DisposeAsync();
        var result = await store.AppendAsync(Drafts.Say("#r", "after"));

        Assert.Equal(AppendStatus.Unavailable, result.Status);
        Assert.Null(result.Event);
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.ReadAllAsync("#r"));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetRoomAsync("#r", create: true));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.ListRoomsAsync());
    }

    protected DateTimeOffset UnixMsNow() => DateTimeOffset.FromUnixTimeMilliseconds(Time.GetUtcNow().ToUnixTimeMilliseconds());

    protected async Task<IEventStore> FilledAsync(string room, int count, StoreOptions? options = null)
    {
        var store = await OpenAsync(options);
        for (var i = 1; i <= count; i++)
        {
            await store.CommitAsync(Drafts.Say(room, $"m{i}"));
        }

        return store;
    }
}
