using Piazza.Store.Tests.Support;

namespace Piazza.Store.Tests;

/// <summary>A database written by the first schema (history only) is upgraded in place to the one with accounts.</summary>
public sealed class SqliteMigrationTests : IAsyncLifetime
{
    /// <summary>Schema version 1 exactly as it was released: databases in the field hold it.</summary>
    private static readonly string[] Version1 =
    [
        "CREATE TABLE rooms (room_id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, epoch TEXT NOT NULL, created INTEGER NOT NULL, topic TEXT, last_id INTEGER NOT NULL DEFAULT 0)",
        "CREATE TABLE events (room_id INTEGER NOT NULL, id INTEGER NOT NULL, ts INTEGER NOT NULL, kind INTEGER NOT NULL, user_name TEXT NOT NULL, body TEXT, reason TEXT, by_name TEXT, PRIMARY KEY (room_id, id)) WITHOUT ROWID",
        "CREATE TABLE refs (sender TEXT NOT NULL, ref TEXT NOT NULL, room_id INTEGER NOT NULL, id INTEGER NOT NULL, ts INTEGER NOT NULL, PRIMARY KEY (sender, ref)) WITHOUT ROWID",
        "CREATE INDEX refs_by_ts ON refs (ts)",
        "INSERT INTO rooms (room_id, key, epoch, created, last_id) VALUES (1, '#dev', 'Ep1', 0, 1), (2, '@alice@bob', 'Ep2', 0, 2), (3, '@carol@carol', 'Ep3', 0, 0)",
        "INSERT INTO events VALUES (1, 1, 1000, 1, 'alice', 'hello', NULL, NULL), (2, 1, 2000, 1, 'alice', 'psst', NULL, NULL), (2, 2, 3000, 1, 'bob', 'back', NULL, NULL)",
        $"PRAGMA application_id = {SqliteSchema.ApplicationId}",
        "PRAGMA user_version = 1",
    ];

    private readonly SqliteFiles files = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => files.DisposeAsync();

    [Fact]
    public async Task A_version_1_database_keeps_its_history_and_gains_accounts_and_the_people_of_its_conversations()
    {
        RawSqlite.Run(files.DbPath, Version1);

        var store = await files.OpenAsync();

        Assert.Equal(1, files.Logger.Count(202));
        var history = await store.ReadAllAsync("@alice@bob");
        Assert.Equal(["psst", "back"], history.Select(e => e.Text));
        Assert.All(history, e => Assert.Null(e.Duration));
        Assert.Equal("Ep2", (await store.GetRoomAsync("@alice@bob", create: false))!.Epoch);
        Assert.Equal(["@alice@bob"], await store.ListConversationsAsync("bob", DateTimeOffset.UnixEpoch, 10));
        Assert.Equal(["@alice@bob"], await store.ListConversationsAsync("alice", DateTimeOffset.UnixEpoch, 10));
        Assert.True(await store.CreateAccountAsync(new Account("alice", "h", files.Time.GetUtcNow(), files.Time.GetUtcNow())));
        Assert.Equal(2, (await store.CommitAsync(Drafts.Say("#dev", "after"))).Id);

        using var raw = RawSqlite.Open(files.DbPath);
        Assert.Equal(SqliteSchema.Version, raw.Number("PRAGMA user_version"));
        Assert.Equal(2, raw.Number("SELECT count(*) FROM participants WHERE room_id = 2"));
        Assert.Equal(1, raw.Number("SELECT count(*) FROM participants WHERE room_id = 3 AND name_key = 'carol'"));
    }

    [Fact]
    public async Task Accounts_and_moderation_survive_reopening_the_file()
    {
        var now = UnixMs.Now(files.Time);
        var ban = new Sanction(new SanctionKey("#dev", SanctionKind.Ban, "bob", false), now.AddHours(1), "alice", "spam", now);
        await using (var store = files.Create())
        {
            await store.OpenAsync();
            await store.CreateAccountAsync(new Account("Alice", "hash", now, now));
            await store.AddAccountRoomAsync("alice", "#dev");
            await store.PutSanctionAsync(ban);
            await store.SetOperatorAsync("#dev", "alice", true);
        }

        var reopened = await files.OpenAsync();

        Assert.Equal("Alice", (await reopened.FindAccountAsync("alice"))!.Name);
        Assert.Equal(["#dev"], await reopened.ListAccountRoomsAsync("alice"));
        Assert.Equal([ban], await reopened.ListSanctionsAsync());
        Assert.Equal([new RoomOperator("#dev", "alice")], await reopened.ListOperatorsAsync());
    }

    [Fact]
    public async Task An_account_write_on_a_closed_store_is_store_unavailable()
    {
        var store = await files.OpenAsync();
        await store.DisposeAsync();

        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.CreateAccountAsync(new Account("a", "h", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch)));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.FindAccountAsync("a"));
    }
}
