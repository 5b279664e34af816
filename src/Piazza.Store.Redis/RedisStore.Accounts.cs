using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;

namespace Piazza.Store.Redis;

/// <summary>Accounts, memberships and moderation in Redis: small hashes and sets, each write one command or one script.</summary>
public sealed partial class RedisStore
{
    /// <inheritdoc />
    public async Task<Account?> FindAccountAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var db = Db;
        var fields = await Guard(() => db.HashGetAsync(keys.Account(Key(name)), ["n", "h", "c", "s"]));
        if (fields[0].IsNull)
        {
            return null;
        }

        return new Account((string)fields[0]!, (string)fields[1]!, UnixMs.ToTime((long)fields[2]), UnixMs.ToTime((long)fields[3]));
    }

    /// <inheritdoc />
    public async Task<bool> CreateAccountAsync(Account account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var db = Db;
        var reply = await Guard(() => db.ScriptEvaluateAsync(
            RedisScripts.CreateHash,
            [keys.Account(account.Key)],
            ["n", account.Name, "h", account.PasswordHash, "c", UnixMs.From(account.Created), "s", UnixMs.From(account.LastSeen)]));
        return (long)reply == 1;
    }

    /// <inheritdoc />
    public async Task<bool> SetPasswordHashAsync(string name, string passwordHash, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(passwordHash);
        return await UpdateAccountAsync(name, "h", passwordHash);
    }

    /// <inheritdoc />
    public Task SetLastSeenAsync(string name, DateTimeOffset lastSeen, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return UpdateAccountAsync(name, "s", UnixMs.From(lastSeen));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListAccountRoomsAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var db = Db;
        var members = await Guard(() => db.SetMembersAsync(keys.AccountRooms(Key(name))));
        return members.Select(m => (string)m!).Order(StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc />
    public Task AddAccountRoomAsync(string name, string room, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(room);
        var db = Db;
        return Guard(() => db.SetAddAsync(keys.AccountRooms(Key(name)), room));
    }

    /// <inheritdoc />
    public Task RemoveAccountRoomAsync(string name, string room, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(room);
        var db = Db;
        return Guard(() => db.SetRemoveAsync(keys.AccountRooms(Key(name)), room));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListConversationsAsync(string name, DateTimeOffset activeAfter, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (limit <= 0)
        {
            return [];
        }

        var db = Db;
        var found = await Guard(() => db.SortedSetRangeByScoreWithScoresAsync(
            keys.Conversations(Key(name)), UnixMs.From(activeAfter), double.PositiveInfinity, Exclude.Start, Order.Descending));
        return found
            .OrderByDescending(e => e.Score)
            .ThenBy(e => (string)e.Element!, StringComparer.Ordinal)
            .Take(limit)
            .Select(e => (string)e.Element!)
            .ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Sanction>> ListSanctionsAsync(CancellationToken cancellationToken = default)
    {
        var db = Db;
        var all = await Guard(() => db.HashValuesAsync(keys.Sanctions));
        return all.Select(v => JsonSerializer.Deserialize((string)v!, RedisJson.Default.StoredSanction)!.ToSanction()).ToList();
    }

    /// <inheritdoc />
    public Task PutSanctionAsync(Sanction sanction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sanction);
        var db = Db;
        var json = JsonSerializer.Serialize(StoredSanction.From(sanction), RedisJson.Default.StoredSanction);
        return Guard(() => db.HashSetAsync(keys.Sanctions, SanctionField(sanction.Key), json));
    }

    /// <inheritdoc />
    public async Task<bool> RemoveSanctionAsync(SanctionKey key, CancellationToken cancellationToken = default)
    {
        var db = Db;
        return await Guard(() => db.HashDeleteAsync(keys.Sanctions, SanctionField(key)));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RoomOperator>> ListOperatorsAsync(CancellationToken cancellationToken = default)
    {
        var db = Db;
        var all = await Guard(() => db.SetMembersAsync(keys.Operators));
        return all.Select(m =>
        {
            var text = (string)m!;
            var split = text.LastIndexOf('\n');
            return new RoomOperator(text[..split], text[(split + 1)..]);
        }).ToList();
    }

    /// <inheritdoc />
    public async Task<bool> SetOperatorAsync(string room, string name, bool isOperator, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var db = Db;
        var member = room + "\n" + Key(name);
        return isOperator
            ? await Guard(() => db.SetAddAsync(keys.Operators, member))
            : await Guard(() => db.SetRemoveAsync(keys.Operators, member));
    }

    private static string Key(string name) => name.ToLowerInvariant();

    private static string SanctionField(SanctionKey key) =>
        string.Join('\n', key.Scope, ((byte)key.Kind).ToString(CultureInfo.InvariantCulture), key.Target, key.ByAddress ? "1" : "0");

    private async Task<bool> UpdateAccountAsync(string name, string field, RedisValue value)
    {
        var db = Db;
        var reply = await Guard(() => db.ScriptEvaluateAsync(RedisScripts.UpdateHash, [keys.Account(Key(name))], [field, value]));
        return (long)reply == 1;
    }
}
