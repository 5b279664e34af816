namespace Piazza.Store;

/// <summary>Accounts, memberships and moderation in memory: lost at every restart, like the history.</summary>
public sealed partial class MemoryStore
{
    private readonly Dictionary<string, Account> accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<string>> accountRooms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> participants = new(StringComparer.Ordinal);
    private readonly Dictionary<SanctionKey, Sanction> sanctions = [];
    private readonly HashSet<RoomOperator> operators = [];

    /// <inheritdoc />
    public Task<Account?> FindAccountAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (gate)
        {
            ThrowIfClosed();
            return Task.FromResult(accounts.GetValueOrDefault(Key(name)));
        }
    }

    /// <inheritdoc />
    public Task<bool> CreateAccountAsync(Account account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        lock (gate)
        {
            ThrowIfClosed();
            return Task.FromResult(accounts.TryAdd(account.Key, account with { Created = Cut(account.Created), LastSeen = Cut(account.LastSeen) }));
        }
    }

    /// <inheritdoc />
    public Task<bool> SetPasswordHashAsync(string name, string passwordHash, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(passwordHash);
        lock (gate)
        {
            ThrowIfClosed();
            if (!accounts.TryGetValue(Key(name), out var account))
            {
                return Task.FromResult(false);
            }

            accounts[account.Key] = account with { PasswordHash = passwordHash };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task SetLastSeenAsync(string name, DateTimeOffset lastSeen, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (gate)
        {
            ThrowIfClosed();
            if (accounts.TryGetValue(Key(name), out var account))
            {
                accounts[account.Key] = account with { LastSeen = Cut(lastSeen) };
            }

            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListAccountRoomsAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (gate)
        {
            ThrowIfClosed();
            IReadOnlyList<string> list = accountRooms.TryGetValue(Key(name), out var set) ? [.. set] : [];
            return Task.FromResult(list);
        }
    }

    /// <inheritdoc />
    public Task AddAccountRoomAsync(string name, string room, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(room);
        lock (gate)
        {
            ThrowIfClosed();
            var key = Key(name);
            if (!accountRooms.TryGetValue(key, out var set))
            {
                set = new SortedSet<string>(StringComparer.Ordinal);
                accountRooms.Add(key, set);
            }

            set.Add(room);
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task RemoveAccountRoomAsync(string name, string room, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(room);
        lock (gate)
        {
            ThrowIfClosed();
            var key = Key(name);
            if (accountRooms.TryGetValue(key, out var set) && set.Remove(room) && set.Count == 0)
            {
                accountRooms.Remove(key);
            }

            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListConversationsAsync(string name, DateTimeOffset activeAfter, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (gate)
        {
            ThrowIfClosed();
            if (limit <= 0 || !participants.TryGetValue(Key(name), out var keys))
            {
                return Task.FromResult<IReadOnlyList<string>>([]);
            }

            var after = UnixMs.From(activeAfter);
            IReadOnlyList<string> list = keys
                .Select(k => rooms[k])
                .Where(r => r.Events.Count > 0 && UnixMs.From(r.Events[r.Events.Count - 1].Ts) > after)
                .OrderByDescending(r => r.Events[r.Events.Count - 1].Ts)
                .ThenBy(r => r.Key, StringComparer.Ordinal)
                .Take(limit)
                .Select(r => r.Key)
                .ToList();
            return Task.FromResult(list);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Sanction>> ListSanctionsAsync(CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            ThrowIfClosed();
            return Task.FromResult<IReadOnlyList<Sanction>>([.. sanctions.Values]);
        }
    }

    /// <inheritdoc />
    public Task PutSanctionAsync(Sanction sanction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sanction);
        lock (gate)
        {
            ThrowIfClosed();
            sanctions[sanction.Key] = sanction with { Created = Cut(sanction.Created), Until = sanction.Until is { } until ? Cut(until) : null };
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<bool> RemoveSanctionAsync(SanctionKey key, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            ThrowIfClosed();
            return Task.FromResult(sanctions.Remove(key));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RoomOperator>> ListOperatorsAsync(CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            ThrowIfClosed();
            return Task.FromResult<IReadOnlyList<RoomOperator>>([.. operators]);
        }
    }

    /// <inheritdoc />
    public Task<bool> SetOperatorAsync(string room, string name, bool isOperator, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        ArgumentException.ThrowIfNullOrEmpty(name);
        lock (gate)
        {
            ThrowIfClosed();
            var entry = new RoomOperator(room, Key(name));
            return Task.FromResult(isOperator ? operators.Add(entry) : operators.Remove(entry));
        }
    }

    private static string Key(string name) => name.ToLowerInvariant();

    /// <summary>Times are kept to the millisecond, as every store keeps them.</summary>
    private static DateTimeOffset Cut(DateTimeOffset time) => UnixMs.ToTime(UnixMs.From(time));

    /// <summary>A new conversation is listed under both of its people (called under the gate).</summary>
    private void AddParticipants(string key)
    {
        if (!ConversationKeys.TryParse(key, out var first, out var second))
        {
            return;
        }

        foreach (var name in new[] { first, second })
        {
            if (!participants.TryGetValue(name, out var set))
            {
                set = new HashSet<string>(StringComparer.Ordinal);
                participants.Add(name, set);
            }

            set.Add(key);
        }
    }

    private void ClearAccounts()
    {
        accounts.Clear();
        accountRooms.Clear();
        participants.Clear();
        sanctions.Clear();
        operators.Clear();
    }
}
