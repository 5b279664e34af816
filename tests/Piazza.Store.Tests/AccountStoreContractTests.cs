using Microsoft.Extensions.Time.Testing;
using Piazza.Store.Tests.Support;

namespace Piazza.Store.Tests;

/// <summary>What every store promises about accounts, memberships and moderation (IAccountStore), run against each store by a subclass.</summary>
public abstract class AccountStoreContractTests : IAsyncLifetime
{
    private const string Hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";

    private readonly List<IEventStore> opened = [];

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1234567));

    protected abstract IEventStore Create();

    protected async Task<(IEventStore Events, IAccountStore Accounts)> OpenAsync()
    {
        var store = Create();
        opened.Add(store);
        await store.OpenAsync();
        return (store, (IAccountStore)store);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var store in opened)
        {
            await store.DisposeAsync();
        }
    }

    private Account NewAccount(string name) => new(name, Hash, Time.GetUtcNow(), Time.GetUtcNow());

    [Fact]
    public async Task An_account_is_created_once_and_found_under_any_spelling_of_its_name()
    {
        var (_, accounts) = await OpenAsync();

        Assert.True(await accounts.CreateAccountAsync(NewAccount("Alice")));
        Assert.False(await accounts.CreateAccountAsync(NewAccount("alice") with { PasswordHash = "other" }));

        var found = await accounts.FindAccountAsync("ALICE");
        Assert.NotNull(found);
        Assert.Equal("Alice", found.Name);
        Assert.Equal(Hash, found.PasswordHash);
        Assert.Equal(found.Created, UnixMs.Now(Time));
        Assert.Null(await accounts.FindAccountAsync("bob"));
    }

    [Fact]
    public async Task A_password_hash_is_replaced_for_an_account_and_refused_for_an_unknown_name()
    {
        var (_, accounts) = await OpenAsync();
        await accounts.CreateAccountAsync(NewAccount("alice"));

        Assert.True(await accounts.SetPasswordHashAsync("Alice", "new-hash"));
        Assert.False(await accounts.SetPasswordHashAsync("bob", "new-hash"));

        Assert.Equal("new-hash", (await accounts.FindAccountAsync("alice"))!.PasswordHash);
        Assert.Null(await accounts.FindAccountAsync("bob"));
    }

    [Fact]
    public async Task Last_seen_is_kept_to_the_millisecond()
    {
        var (_, accounts) = await OpenAsync();
        await accounts.CreateAccountAsync(NewAccount("alice"));
        Time.Advance(TimeSpan.FromMinutes(5));

        await accounts.SetLastSeenAsync("alice", Time.GetUtcNow());
        await accounts.SetLastSeenAsync("nobody", Time.GetUtcNow());

        Assert.Equal(UnixMs.Now(Time), (await accounts.FindAccountAsync("alice"))!.LastSeen);
    }

    [Fact]
    public async Task An_account_s_rooms_are_a_set_in_ordinal_order()
    {
        var (_, accounts) = await OpenAsync();

        await accounts.AddAccountRoomAsync("alice", "#dev");
        await accounts.AddAccountRoomAsync("Alice", "#ops");
        await accounts.AddAccountRoomAsync("alice", "#dev");
        await accounts.AddAccountRoomAsync("alice", "#a");
        await accounts.RemoveAccountRoomAsync("alice", "#ops");
        await accounts.RemoveAccountRoomAsync("alice", "#never");
        await accounts.AddAccountRoomAsync("bob", "#bob");

        Assert.Equal(["#a", "#dev"], await accounts.ListAccountRoomsAsync("ALICE"));
        Assert.Equal(["#bob"], await accounts.ListAccountRoomsAsync("bob"));
        Assert.Empty(await accounts.ListAccountRoomsAsync("carol"));
    }

    [Fact]
    public async Task Conversations_of_a_person_are_listed_newest_first_when_active_after_a_time()
    {
        var (events, accounts) = await OpenAsync();
        await events.CommitAsync(Drafts.Say("@alice@bob", "old"));
        var mark = Time.GetUtcNow();
        Time.Advance(TimeSpan.FromSeconds(1));
        await events.CommitAsync(Drafts.Say("@alice@carol", "newer", "carol"));
        Time.Advance(TimeSpan.FromSeconds(1));
        await events.CommitAsync(Drafts.Say("@alice@alice", "note to self"));
        Time.Advance(TimeSpan.FromSeconds(1));
        await events.CommitAsync(Drafts.Say("@bob@carol", "not alice's", "bob"));
        await events.CommitAsync(Drafts.Say("#dev", "a room", "alice"));
        _ = await events.GetRoomAsync("@alice@dave", create: true);

        Assert.Equal(["@alice@alice", "@alice@carol"], await accounts.ListConversationsAsync("alice", mark, 10));
        Assert.Equal(["@alice@alice"], await accounts.ListConversationsAsync("Alice", mark, 1));
        Assert.Equal(["@bob@carol", "@alice@bob"], await accounts.ListConversationsAsync("bob", DateTimeOffset.UnixEpoch, 10));
        Assert.Empty(await accounts.ListConversationsAsync("carol", Time.GetUtcNow(), 10));
        Assert.Empty(await accounts.ListConversationsAsync("dave", DateTimeOffset.UnixEpoch, 10));
        Assert.Empty(await accounts.ListConversationsAsync("alice", mark, 0));
    }

    [Fact]
    public async Task A_sanction_is_put_replaced_listed_and_removed_by_its_key()
    {
        var (_, accounts) = await OpenAsync();
        var now = UnixMs.Now(Time);
        var roomBan = new Sanction(new SanctionKey("#dev", SanctionKind.Ban, "bob", false), now.AddHours(1), "alice", "spam", now);
        var serverMute = new Sanction(new SanctionKey("", SanctionKind.Mute, "203.0.113.9", true), null, "root", null, now);
        var sameTargetMute = new Sanction(new SanctionKey("#dev", SanctionKind.Mute, "bob", false), null, "alice", null, now);

        await accounts.PutSanctionAsync(roomBan);
        await accounts.PutSanctionAsync(serverMute);
        await accounts.PutSanctionAsync(sameTargetMute);
        var longer = roomBan with { Until = now.AddDays(1), Reason = "again", By = "carol" };
        await accounts.PutSanctionAsync(longer);

        var all = await accounts.ListSanctionsAsync();
        Assert.Equal(3, all.Count);
        Assert.Contains(longer, all);
        Assert.Contains(serverMute, all);
        Assert.Contains(sameTargetMute, all);

        Assert.True(await accounts.RemoveSanctionAsync(roomBan.Key));
        Assert.False(await accounts.RemoveSanctionAsync(roomBan.Key));
        Assert.False(await accounts.RemoveSanctionAsync(new SanctionKey("#dev", SanctionKind.Ban, "203.0.113.9", true)));
        Assert.Equal(2, (await accounts.ListSanctionsAsync()).Count);
    }

    [Fact]
    public async Task A_sanction_holds_until_its_end_and_one_without_an_end_for_good()
    {
        var now = Time.GetUtcNow();
        var timed = new Sanction(new SanctionKey("", SanctionKind.Ban, "bob", false), now.AddSeconds(10), "root", null, now);

        Assert.True(timed.HoldsAt(now.AddSeconds(9)));
        Assert.False(timed.HoldsAt(now.AddSeconds(10)));
        Assert.True((timed with { Until = null }).HoldsAt(DateTimeOffset.MaxValue));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Operators_are_set_once_per_room_and_name_and_reported_when_they_change()
    {
        var (_, accounts) = await OpenAsync();

        Assert.True(await accounts.SetOperatorAsync("#dev", "Alice", true));
        Assert.False(await accounts.SetOperatorAsync("#dev", "alice", true));
        Assert.True(await accounts.SetOperatorAsync("#ops", "alice", true));
        Assert.True(await accounts.SetOperatorAsync("#dev", "bob", true));
        Assert.True(await accounts.SetOperatorAsync("#dev", "BOB", false));
        Assert.False(await accounts.SetOperatorAsync("#dev", "bob", false));

        Assert.Equal(
            [new RoomOperator("#dev", "alice"), new RoomOperator("#ops", "alice")],
            (await accounts.ListOperatorsAsync()).OrderBy(o => o.Room, StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_moderation_event_keeps_its_duration_and_reason()
    {
        var (events, _) = await OpenAsync();

        var ban = await events.CommitAsync(new EventDraft("#dev", EventKind.Ban, "bob", Text: "spam", By: "alice", Duration: 3600));
        var op = await events.CommitAsync(new EventDraft("#dev", EventKind.Op, "carol", By: "alice"));
        var kicked = await events.CommitAsync(new EventDraft("#dev", EventKind.Left, "dave", Text: "flood", Reason: "kicked", By: "alice"));

        Assert.Equal([ban, op, kicked], await events.ReadAllAsync("#dev"));
        Assert.Equal(3600, ban.Duration);
        Assert.Null(op.Duration);
        Assert.Equal("flood", (await events.ReadAllAsync("#dev"))[2].Text);
    }

    [Fact]
    public async Task An_account_s_text_form_never_shows_its_hash()
    {
        Assert.DoesNotContain("argon2", NewAccount("alice").ToString(), StringComparison.Ordinal);
        await Task.CompletedTask;
    }
}

/// <summary>The account contract on the memory store.</summary>
public sealed class MemoryAccountStoreTests : AccountStoreContractTests
{
    protected override IEventStore Create() => new MemoryStore(new StoreOptions(), Time);
}

/// <summary>The account contract on the SQLite store, on a real file in a temp directory.</summary>
public sealed class SqliteAccountStoreTests : AccountStoreContractTests
{
    private readonly TempDirectory directory = new();
    private int files;

    protected override IEventStore Create() =>
        new SqliteStore(new SqliteStoreOptions(directory.File($"accounts{++files}.db")), new ListLogger(), Time);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        directory.Dispose();
    }
}
