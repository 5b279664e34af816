using Piazza.Store;

namespace Piazza.Server.Chat;

/// <summary>
/// Bans, mutes and room operators, kept in memory for the checks every hello, join and say makes,
/// and written to the store before they change here (so they survive a restart). Loaded from the
/// store at start. A ban or mute past its end no longer holds; it is forgotten (here and in the
/// store) the next time it is met. Bounded: a scope (a room, or the server) holds at most
/// <see cref="MaxSanctionsPerScope"/> bans and mutes, a room at most <see cref="MaxOperatorsPerRoom"/> operators.
/// </summary>
internal sealed class ModerationBook(IAccountStore store, TimeProvider time)
{
    /// <summary>Bans and mutes one room (or the server) may hold.</summary>
    public const int MaxSanctionsPerScope = 10_000;

    /// <summary>Operators one room may have.</summary>
    public const int MaxOperatorsPerRoom = 100;

    private readonly Lock _gate = new();
    private readonly Dictionary<SanctionKey, Sanction> _sanctions = [];
    private readonly Dictionary<string, int> _perScope = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<string>> _operators = new(StringComparer.Ordinal);

    // Read without the lock on every say: with no ban or mute at all, nothing more is looked at.
    private volatile int _count;

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var sanctions = await store.ListSanctionsAsync(cancellationToken);
        var operators = await store.ListOperatorsAsync(cancellationToken);
        lock (_gate)
        {
            foreach (var sanction in sanctions)
            {
                AddLocked(sanction);
            }

            foreach (var entry in operators)
            {
                OperatorsOfLocked(entry.Room, create: true)!.Add(entry.Name);
            }
        }
    }

    /// <summary>
    /// The ban or mute of <paramref name="kind"/> in <paramref name="scope"/> (a room key, or empty
    /// for the server) that holds now for the name <paramref name="nameKey"/> or the address
    /// <paramref name="address"/>; null when none does.
    /// </summary>
    public Sanction? Find(string scope, SanctionKind kind, string? nameKey, string? address)
    {
        if (_count == 0)
        {
            return null;
        }

        var now = time.GetUtcNow();
        List<Sanction>? expired = null;
        Sanction? found = null;
        lock (_gate)
        {
            foreach (var key in Keys(scope, kind, nameKey, address))
            {
                if (!_sanctions.TryGetValue(key, out var sanction))
                {
                    continue;
                }

                if (sanction.HoldsAt(now))
                {
                    found ??= sanction;
                }
                else
                {
                    RemoveLocked(key);
                    (expired ??= []).Add(sanction);
                }
            }
        }

        foreach (var gone in expired ?? [])
        {
            _ = ForgetAsync(gone.Key);
        }

        return found;
    }

    /// <summary>The ban or mute with exactly this key, if it still holds.</summary>
    public Sanction? Get(SanctionKey key) =>
        Find(key.Scope, key.Kind, key.ByAddress ? null : key.Target, key.ByAddress ? key.Target : null) is { } found && found.Key == key ? found : null;

    /// <summary>Stores a ban or mute (replacing one with the same key). False when its scope is full.</summary>
    /// <exception cref="StoreUnavailableException">The store cannot take it; nothing changed.</exception>
    public async Task<bool> PutAsync(Sanction sanction)
    {
        lock (_gate)
        {
            if (!_sanctions.ContainsKey(sanction.Key) && _perScope.GetValueOrDefault(sanction.Key.Scope) >= MaxSanctionsPerScope)
            {
                return false;
            }
        }

        await store.PutSanctionAsync(sanction);
        lock (_gate)
        {
            RemoveLocked(sanction.Key);
            AddLocked(sanction);
        }

        return true;
    }

    /// <summary>Lifts a ban or mute; false when none held.</summary>
    /// <exception cref="StoreUnavailableException">The store cannot take it; nothing changed.</exception>
    public async Task<bool> RemoveAsync(SanctionKey key)
    {
        var held = Get(key) is not null;
        var removed = await store.RemoveSanctionAsync(key);
        lock (_gate)
        {
            RemoveLocked(key);
        }

        return held && removed;
    }

    public bool IsOperator(string room, string nameKey)
    {
        lock (_gate)
        {
            return OperatorsOfLocked(room, create: false)?.Contains(nameKey) == true;
        }
    }

    /// <summary>The operators of a room, sorted; null when it has none.</summary>
    public IReadOnlyList<string>? Operators(string room)
    {
        lock (_gate)
        {
            return OperatorsOfLocked(room, create: false) is { Count: > 0 } set ? [.. set] : null;
        }
    }

    /// <summary>Makes an account an operator of a room or takes that away. Null when the room's operators are full; else whether anything changed.</summary>
    /// <exception cref="StoreUnavailableException">The store cannot take it; nothing changed.</exception>
    public async Task<bool?> SetOperatorAsync(string room, string nameKey, bool isOperator)
    {
        lock (_gate)
        {
            var set = OperatorsOfLocked(room, create: false);
            if (isOperator && set?.Contains(nameKey) != true && set?.Count >= MaxOperatorsPerRoom)
            {
                return null;
            }
        }

        var changed = await store.SetOperatorAsync(room, nameKey, isOperator);
        lock (_gate)
        {
            var set = OperatorsOfLocked(room, create: isOperator);
            if (isOperator)
            {
                set!.Add(nameKey);
            }
            else if (set is not null && set.Remove(nameKey) && set.Count == 0)
            {
                _operators.Remove(room);
            }
        }

        return changed;
    }

    private static IEnumerable<SanctionKey> Keys(string scope, SanctionKind kind, string? nameKey, string? address)
    {
        if (nameKey is not null)
        {
            yield return new SanctionKey(scope, kind, nameKey, false);
        }

        if (address is not null)
        {
            yield return new SanctionKey(scope, kind, address, true);
        }
    }

    private SortedSet<string>? OperatorsOfLocked(string room, bool create)
    {
        if (!_operators.TryGetValue(room, out var set) && create)
        {
            set = new SortedSet<string>(StringComparer.Ordinal);
            _operators.Add(room, set);
        }

        return set;
    }

    private void AddLocked(Sanction sanction)
    {
        if (_sanctions.TryAdd(sanction.Key, sanction))
        {
            _perScope[sanction.Key.Scope] = _perScope.GetValueOrDefault(sanction.Key.Scope) + 1;
            _count = _sanctions.Count;
        }
    }

    private void RemoveLocked(SanctionKey key)
    {
        if (_sanctions.Remove(key))
        {
            _count = _sanctions.Count;
            var left = _perScope[key.Scope] - 1;
            if (left == 0)
            {
                _perScope.Remove(key.Scope);
            }
            else
            {
                _perScope[key.Scope] = left;
            }
        }
    }

    private async Task ForgetAsync(SanctionKey key)
    {
        try
        {
            await store.RemoveSanctionAsync(key);
        }
        catch (StoreUnavailableException)
        {
            // It no longer holds whatever the store says; the next start forgets it again.
        }
    }
}
