using System.Collections.Concurrent;
using Piazza.Store;

namespace Piazza.Server.Chat;

/// <summary>
/// Every room and direct conversation the server has met, by store key. Rooms are loaded from the
/// store at start; a new room or conversation is created in the store first, then kept here.
/// </summary>
internal sealed class RoomDirectory(ChatHub hub)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<Room?>>> _rooms = new(StringComparer.Ordinal);
    private int _roomCount;

    /// <summary>Rooms (not conversations) held.</summary>
    public int RoomCount => Volatile.Read(ref _roomCount);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        foreach (var info in await hub.Store.ListRoomsAsync(cancellationToken))
        {
            var room = new Room(hub, info);
            await room.LoadRemoteAsync();
            if (_rooms.TryAdd(info.Room, new Lazy<Task<Room?>>(Task.FromResult<Room?>(room))))
            {
                Interlocked.Increment(ref _roomCount);
            }
        }
    }

    /// <summary>The rooms loaded so far (not conversations), for the room list.</summary>
    public IEnumerable<Room> Rooms()
    {
        foreach (var entry in _rooms.Values)
        {
            if (entry.IsValueCreated && entry.Value.IsCompletedSuccessfully && entry.Value.Result is { IsDirect: false } room)
            {
                yield return room;
            }
        }
    }

    /// <summary>The room, or null when it does not exist (and is not created).</summary>
    /// <exception cref="StoreUnavailableException">The store could not be asked.</exception>
    public async ValueTask<Room?> FindAsync(string key)
    {
        if (_rooms.TryGetValue(key, out var known))
        {
            return await known.Value;
        }

        if (!key.StartsWith('@'))
        {
            return null;
        }

        // Conversations are not all loaded at start: ask the store, and keep what it knows.
        var info = await hub.Store.GetRoomAsync(key, create: false);
        return info is null ? null : await Keep(key, info);
    }

    /// <summary>The room, created (in the store first) when it does not exist; null when the server's room cap is reached.</summary>
    /// <exception cref="StoreUnavailableException">The store could not create it.</exception>
    public async ValueTask<Room?> GetOrCreateAsync(string key)
    {
        var entry = _rooms.GetOrAdd(key, k => new Lazy<Task<Room?>>(() => CreateAsync(k)));
        try
        {
            var room = await entry.Value;
            if (room is null)
            {
                _rooms.TryRemove(new KeyValuePair<string, Lazy<Task<Room?>>>(key, entry));
            }

            return room;
        }
        catch
        {
            // A failed creation must not stay cached: the next join tries the store again.
            _rooms.TryRemove(new KeyValuePair<string, Lazy<Task<Room?>>>(key, entry));
            throw;
        }
    }

    private async Task<Room?> CreateAsync(string key)
    {
        var isRoom = !key.StartsWith('@');
        if (isRoom && Interlocked.Increment(ref _roomCount) > hub.Options.MaxRooms)
        {
            Interlocked.Decrement(ref _roomCount);
            return null;
        }

        try
        {
            var info = await hub.Store.GetRoomAsync(key, create: true)
                ?? throw new StoreUnavailableException($"The store did not create {key}.");
            var room = new Room(hub, info) { IsNew = isRoom && info.LastId == 0 };
            await room.LoadRemoteAsync();
            return room;
        }
        catch
        {
            if (isRoom)
            {
                Interlocked.Decrement(ref _roomCount);
            }

            throw;
        }
    }

    private async Task<Room?> Keep(string key, RoomInfo info)
    {
        var entry = _rooms.GetOrAdd(key, _ => new Lazy<Task<Room?>>(Task.FromResult<Room?>(new Room(hub, info))));
        return await entry.Value;
    }

    /// <summary>The room if it is loaded (or being loaded), else null; never asks the store.</summary>
    public Task<Room?>? Loaded(string key) => _rooms.TryGetValue(key, out var known) ? known.Value : null;

    /// <summary>Every loaded room and conversation.</summary>
    public IEnumerable<Room> All()
    {
        foreach (var entry in _rooms.Values)
        {
            if (entry.IsValueCreated && entry.Value.IsCompletedSuccessfully && entry.Value.Result is { } room)
            {
                yield return room;
            }
        }
    }

    /// <summary>
    /// Loads a conversation because the feed brought its event <paramref name="firstId"/>: the room
    /// starts just before it, so that event is delivered here (the store's newest id may be later).
    /// </summary>
    public async Task<Room?> LoadFromFeed(string key, long firstId)
    {
        var entry = _rooms.GetOrAdd(key, k => new Lazy<Task<Room?>>(async () =>
        {
            var info = await hub.Store.GetRoomAsync(k, create: false);
            return info is null ? null : new Room(hub, info with { LastId = Math.Min(info.LastId, firstId - 1) });
        }));
        try
        {
            return await entry.Value;
        }
        catch (StoreUnavailableException)
        {
            // Not kept: the next event of the conversation tries again.
            _rooms.TryRemove(new KeyValuePair<string, Lazy<Task<Room?>>>(key, entry));
            throw;
        }
    }
}
