using Microsoft.Data.Sqlite;

namespace Piazza.Store;

/// <summary>
/// Accounts, memberships and moderation in the SQLite file. Reads use the read pool; writes are
/// rare (a registration, a join, a ban) and run on the writer thread between batches, each as its
/// own durable statement.
/// </summary>
public sealed partial class SqliteStore : IAccountStore
{
    internal const string InsertAccountSql =
        "INSERT INTO accounts (name_key, name, password_hash, created, last_seen) VALUES ($key, $name, $hash, $created, $seen) ON CONFLICT (name_key) DO NOTHING";

    private const string SetPasswordSql = "UPDATE accounts SET password_hash = $hash WHERE name_key = $key";
    private const string SetLastSeenSql = "UPDATE accounts SET last_seen = $seen WHERE name_key = $key";
    private const string AddRoomSql = "INSERT OR IGNORE INTO account_rooms (name_key, room) VALUES ($key, $room)";
    private const string RemoveRoomSql = "DELETE FROM account_rooms WHERE name_key = $key AND room = $room";

    private const string PutSanctionSql =
        "INSERT INTO sanctions (scope, kind, target, by_address, until, by_name, reason, created) VALUES ($scope, $kind, $target, $address, $until, $by, $reason, $created) " +
        "ON CONFLICT (scope, kind, target, by_address) DO UPDATE SET until = excluded.until, by_name = excluded.by_name, reason = excluded.reason, created = excluded.created";

    private const string RemoveSanctionSql = "DELETE FROM sanctions WHERE scope = $scope AND kind = $kind AND target = $target AND by_address = $address";
    private const string AddOperatorSql = "INSERT OR IGNORE INTO operators (room, name_key) VALUES ($room, $key)";
    private const string RemoveOperatorSql = "DELETE FROM operators WHERE room = $room AND name_key = $key";

    // Writer-thread statements, prepared the first time each is used.
    private readonly Dictionary<string, Statement> accountStatements = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<Account?> FindAccountAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var key = Key(name);
        return Read(r => r.FindAccount(key), cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> CreateAccountAsync(Account account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        return WriteAsync(InsertAccountSql, ["$key", "$name", "$hash", "$created", "$seen"], s => s
            .Bind(0, account.Key).Bind(1, account.Name).Bind(2, account.PasswordHash)
            .Bind(3, UnixMs.From(account.Created)).Bind(4, UnixMs.From(account.LastSeen)).Execute() == 1, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> SetPasswordHashAsync(string name, string passwordHash, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(passwordHash);
        return WriteAsync(SetPasswordSql, ["$hash", "$key"], s => s.Bind(0, passwordHash).Bind(1, Key(name)).Execute() == 1, cancellationToken);
    }

    /// <inheritdoc />
    public Task SetLastSeenAsync(string name, DateTimeOffset lastSeen, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return WriteAsync(SetLastSeenSql, ["$seen", "$key"], s => s.Bind(0, UnixMs.From(lastSeen)).Bind(1, Key(name)).Execute(), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListAccountRoomsAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var key = Key(name);
        return Read(r => r.AccountRooms(key), cancellationToken);
    }

    /// <inheritdoc />
    public Task AddAccountRoomAsync(string name, string room, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(room);
        return WriteAsync(AddRoomSql, ["$key", "$room"], s => s.Bind(0, Key(name)).Bind(1, room).Execute(), cancellationToken);
    }

    /// <inheritdoc />
    public Task RemoveAccountRoomAsync(string name, string room, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(room);
        return WriteAsync(RemoveRoomSql, ["$key", "$room"], s => s.Bind(0, Key(name)).Bind(1, room).Execute(), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListConversationsAsync(string name, DateTimeOffset activeAfter, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (limit <= 0)
        {
            return Task.FromResult<IReadOnlyList<string>>([]);
        }

        var key = Key(name);
        var after = UnixMs.From(activeAfter);
        return Read(r => r.Conversations(key, after, limit), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Sanction>> ListSanctionsAsync(CancellationToken cancellationToken = default) =>
        Read(r => r.Sanctions(), cancellationToken);

    /// <inheritdoc />
    public Task PutSanctionAsync(Sanction sanction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sanction);
        var key = sanction.Key;
        return WriteAsync(PutSanctionSql, ["$scope", "$kind", "$target", "$address", "$until", "$by", "$reason", "$created"], s => s
            .Bind(0, key.Scope).Bind(1, (long)key.Kind).Bind(2, key.Target).Bind(3, key.ByAddress ? 1L : 0L)
            .Bind(4, sanction.Until is { } until ? UnixMs.From(until) : null).Bind(5, sanction.By).Bind(6, sanction.Reason)
            .Bind(7, UnixMs.From(sanction.Created)).Execute(), cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> RemoveSanctionAsync(SanctionKey key, CancellationToken cancellationToken = default) =>
        WriteAsync(RemoveSanctionSql, ["$scope", "$kind", "$target", "$address"], s => s
            .Bind(0, key.Scope).Bind(1, (long)key.Kind).Bind(2, key.Target).Bind(3, key.ByAddress ? 1L : 0L).Execute() == 1, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RoomOperator>> ListOperatorsAsync(CancellationToken cancellationToken = default) =>
        Read(r => r.Operators(), cancellationToken);

    /// <inheritdoc />
    public Task<bool> SetOperatorAsync(string room, string name, bool isOperator, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return WriteAsync(isOperator ? AddOperatorSql : RemoveOperatorSql, ["$room", "$key"],
            s => s.Bind(0, room).Bind(1, Key(name)).Execute() == 1, cancellationToken);
    }

    private static string Key(string name) => name.ToLowerInvariant();

    /// <summary>
    /// Runs one statement on the writer's connection between batches and returns what it made of
    /// the statement. A store that cannot take it (closed, locked, full) throws
    /// <see cref="StoreUnavailableException"/>; nothing was written then.
    /// </summary>
    private async Task<T> WriteAsync<T>(string sql, string[] names, Func<Statement, T> run, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = default(T)!;
        AppendResult outcome;
        try
        {
            outcome = await Enqueue(new WriteOp(null, string.Empty, db =>
            {
                if (!accountStatements.TryGetValue(sql, out var statement))
                {
                    statement = new Statement(db, sql, names);
                    accountStatements.Add(sql, statement);
                }

                result = run(statement);
            }));
        }
        catch (SqliteException e)
        {
            throw new StoreUnavailableException($"{path} cannot be written right now: {SqliteSchema.Reason(e)}", e);
        }

        if (outcome.Status == AppendStatus.Unavailable)
        {
            throw new StoreUnavailableException($"{path} cannot be written right now: {outcome.Error}");
        }

        return result;
    }
}
