using Piazza.Store.Tests.Support;

namespace Piazza.Store.Tests;

/// <summary>
/// A store that cannot be written refuses appends (never throws, never uses an id, never half
/// applies a batch), says so once in the log, and recovers by itself.
/// </summary>
public sealed class SqliteFailureTests : IAsyncLifetime
{
    private readonly SqliteFiles files = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => files.DisposeAsync();

    [Fact]
    public async Task A_write_lock_held_elsewhere_refuses_appends_without_using_ids_and_service_resumes_once_it_is_released()
    {
        var store = await files.OpenAsync(busyTimeout: TimeSpan.FromMilliseconds(50));
        await store.CommitAsync(Drafts.Say("#r", "one"));
        await store.CommitAsync(Drafts.Say("#r", "two"));

        using var other = RawSqlite.Open(files.DbPath);
        other.Run("BEGIN IMMEDIATE");
        var refused = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(i => Task.Run(async () => await store.AppendAsync(Drafts.Say(i % 2 == 0 ? "#r" : "#new", $"locked {i}", "alice", $"c-{i}")))));
        var refusedAgain = await store.AppendAsync(Drafts.Say("#r", "still locked"));
        var readWhileLocked = await store.ReadAllAsync("#r");
        other.Run("ROLLBACK");

        var resumed = await store.AppendAsync(Drafts.Say("#r", "three", "alice", "c-0"));

        Assert.All(refused.Append(refusedAgain), r =>
        {
            Assert.Equal(AppendStatus.Unavailable, r.Status);
            Assert.Null(r.Event);
            Assert.False(string.IsNullOrEmpty(r.Error));
        });
        Assert.Equal(2, readWhileLocked.Count);
        Assert.Equal(AppendStatus.Committed, resumed.Status);
        Assert.Equal(3, resumed.Event!.Id);
        Assert.Equal(["one", "two", "three"], (await store.ReadAllAsync("#r")).Select(e => e.Text));
        Assert.Null(await store.GetRoomAsync("#new", create: false));
        Assert.Equal(1, files.Logger.Count(203));
        Assert.Equal(1, files.Logger.Count(204));
    }

    [Fact]
    public async Task A_full_disk_refuses_appends_and_service_resumes_when_space_returns()
    {
        var store = await files.OpenAsync();
        await store.CommitAsync(Drafts.Say("#r", "one"));

        await store.RunOnWriterAsync(c => c.Run($"PRAGMA max_page_count = {c.Number("PRAGMA page_count")}"));
        var full = await store.AppendAsync(Drafts.Say("#r", new string('x', 20_000)));
        await store.RunOnWriterAsync(c => c.Run("PRAGMA max_page_count = 2147483646"));
        var resumed = await store.AppendAsync(Drafts.Say("#r", new string('y', 20_000)));

        Assert.Equal(AppendStatus.Unavailable, full.Status);
        Assert.Contains("full", full.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2, resumed.Event!.Id);
        Assert.Equal(2, (await store.ReadAllAsync("#r")).Count);
    }

    [Fact]
    public async Task A_batch_that_fails_part_way_stores_none_of_its_events_and_claims_none_of_its_refs()
    {
        var store = await files.OpenAsync();
        await store.CommitAsync(Drafts.Say("#r0", "seed"));
        await store.RunOnWriterAsync(c => c.Run($"PRAGMA max_page_count = {c.Number("PRAGMA page_count") + 4}"));

        var results = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Task.Run(async () =>
            (i, await store.AppendAsync(Drafts.Say($"#r{i % 4}", $"{i}:" + new string('x', 1500), $"user{i}", "c-1"))))));
        await store.RunOnWriterAsync(c => c.Run("PRAGMA max_page_count = 2147483646"));

        Assert.Contains(results, r => r.Item2.Status == AppendStatus.Unavailable);
        Assert.All(results, r => Assert.NotEqual(AppendStatus.Duplicate, r.Item2.Status));
        for (var room = 0; room < 4; room++)
        {
            var committed = results.Where(r => r.Item2.Status == AppendStatus.Committed && r.i % 4 == room)
                .Select(r => r.Item2.Event!).ToList();
            var stored = (await store.ReadAllAsync($"#r{room}")).Where(e => e.Text != "seed").ToList();
            Assert.Equal(committed.OrderBy(e => e.Id), stored);
            Assert.Equal(Enumerable.Range(room == 0 ? 2 : 1, stored.Count).Select(i => (long)i), stored.Select(e => e.Id));
        }

        // A refused append left no ref behind: sent again, it is stored as new.
        var (first, _) = results.First(r => r.Item2.Status == AppendStatus.Unavailable);
        var resent = await store.AppendAsync(Drafts.Say($"#r{first % 4}", "resent", $"user{first}", "c-1"));
        Assert.Equal(AppendStatus.Committed, resent.Status);
    }

    [Fact]
    public async Task Reads_never_see_what_another_connection_has_not_committed()
    {
        var store = await files.OpenAsync();
        await store.CommitAsync(Drafts.Say("#r", "committed"));

        using var other = RawSqlite.Open(files.DbPath);
        other.Run("BEGIN IMMEDIATE");
        other.Run("INSERT INTO events (room_id, id, ts, kind, user_name, body) SELECT room_id, 2, 0, 1, 'mallory', 'uncommitted' FROM rooms WHERE key = '#r'");
        other.Run("UPDATE rooms SET topic = 'uncommitted' WHERE key = '#r'");

        var read = await store.ReadAllAsync("#r");
        var room = await store.GetRoomAsync("#r", create: false);
        other.Run("ROLLBACK");

        Assert.Equal(["committed"], read.Select(e => e.Text));
        Assert.Null(room!.Topic);
    }

    [Fact]
    public async Task Reads_of_a_database_that_cannot_be_read_throw_StoreUnavailableException()
    {
        await using (var first = files.Create())
        {
            await first.OpenAsync();
            for (var i = 0; i < 100; i++)
            {
                await first.CommitAsync(Drafts.Say("#r", new string('x', 200)));
            }
        }

        var store = await files.OpenAsync();

        // Damage every page but the first (header and schema) behind the open store's back.
        await using (var file = new FileStream(files.DbPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            file.Position = 4096;
            var garbage = new byte[file.Length - 4096];
            Array.Fill(garbage, (byte)0xA5);
            await file.WriteAsync(garbage);
        }

        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.ReadAllAsync("#r"));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.ListRoomsAsync());
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetRoomAsync("#r", create: false));
    }

    [Fact]
    public async Task A_failing_append_never_throws_whatever_the_error()
    {
        var store = await files.OpenAsync(busyTimeout: TimeSpan.Zero);
        using var other = RawSqlite.Open(files.DbPath);
        other.Run("BEGIN IMMEDIATE");

        var result = await store.AppendAsync(Drafts.Say("#r", "x"));
        var create = await Record.ExceptionAsync(() => store.GetRoomAsync("#r", create: true));
        other.Run("ROLLBACK");

        Assert.Equal(AppendStatus.Unavailable, result.Status);
        Assert.IsType<StoreUnavailableException>(create);
        Assert.Equal(1, (await store.CommitAsync(Drafts.Say("#r", "y"))).Id);
    }

    [Fact]
    public async Task Opening_a_file_locked_by_another_writer_fails_with_one_sentence()
    {
        await using (var first = files.Create())
        {
            await first.OpenAsync();
        }

        using var other = RawSqlite.Open(files.DbPath);
        other.Run("PRAGMA locking_mode = EXCLUSIVE");
        other.Run("BEGIN EXCLUSIVE");
        var store = files.Create(busyTimeout: TimeSpan.FromMilliseconds(50));

        var error = await Record.ExceptionAsync(() => store.OpenAsync());
        other.Run("ROLLBACK");

        var open = Assert.IsType<StoreOpenException>(error);
        Assert.Contains(files.DbPath, open.Message, StringComparison.Ordinal);
        Assert.Equal($"{files.DbPath} is locked by another process (is another Piazza server using this --data-dir?).", open.Message);
    }
}
