using System.Collections.Concurrent;

namespace Piazza.Client.Core;

/// <summary>Keeps cursors in memory: they outlive a client but not the process. Safe from any thread.</summary>
public sealed class MemoryCursorStore : ICursorStore
{
    private readonly ConcurrentDictionary<string, SavedRooms> _saved = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<SavedRooms?> LoadAsync(ServerAccount account, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(account);
        return ValueTask.FromResult(_saved.GetValueOrDefault(account.Key));
    }

    /// <inheritdoc />
    public ValueTask SaveAsync(ServerAccount account, SavedRooms rooms, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(rooms);
        _saved[account.Key] = rooms with { Rooms = [.. rooms.Rooms] };
        return ValueTask.CompletedTask;
    }
}
