namespace Piazza.Store;

/// <summary>
/// History in memory only (<c>--store memory</c>): every room gets a new epoch each time the
/// process starts, appends are "committed" at once, and memory stays bounded: a room keeps at
/// most <see cref="StoreOptions.RetentionEvents"/> events (10,000 when that is 0) and the dedupe
/// map at most a million refs.
/// </summary>
public sealed partial class MemoryStore : IEventStore, IAccountStore
{
    /// <summary>How many events a room keeps when no event retention is set.</summary>
    public const int DefaultEventsPerRoom = 10_000;

    /// <summary>How many refs are remembered at most; the oldest are forgotten first.</summary>
    public const int DefaultMaxRefs = 1_000_000;

    private readonly object gate = new();
    private readonly Dictionary<string, Room> rooms = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Sender, string Ref), StoredEvent> refs = [];
    private readonly Queue<(string Sender, string Ref, StoredEvent Event)> refOrder = new();
    private readonly StoreOptions options;
    private readonly TimeProvider time;
    private readonly long eventsPerRoom;
    private readonly int maxRefs;
    private bool disposed;

    public MemoryStore(StoreOptions? options = null, TimeProvider? timeProvider = null)
        : this(options, timeProvider, DefaultMaxRefs)
    {
    }

    internal MemoryStore(StoreOptions? options, TimeProvider? timeProvider, int maxRefs)
    {
        this.options = options ?? new StoreOptions();
        time = timeProvider ?? TimeProvider.System;
        eventsPerRoom = this.options.RetentionEvents > 0 ? this.options.RetentionEvents : DefaultEventsPerRoom;
        this.maxRefs = maxRefs;
    }

    /// <inheritdoc />
    public string Description => "memory";

    /// <summary>How many refs are remembered now (for tests of the bound).</summary>
    internal int RefCount
    {
        get
        {
            lock (gate)
            {
                return refs.Count;
            }
        }
    }

    /// <inheritdoc />
    public Task OpenAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<IReadOnlyList<RoomInfo>> ListRoomsAsync(CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            ThrowIfClosed();
            var now = UnixMs.From(time.GetUtcNow());
            IReadOnlyList<RoomInfo> list = rooms.Values
                .Where(r => r.Key.StartsWith('#'))
                .OrderBy(r => r.Key, StringComparer.Ordinal)
                .Select(r => r.Info(Trim(r, now)))
                .ToList();
            return Task.FromResult(list);
        }
    }

    /// <inheritdoc />
    public Task<RoomInfo?> GetRoomAsync(string room, bool create, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        lock (gate)
        {
            ThrowIfClosed();
            var now = UnixMs.From(time.GetUtcNow());
            var found = create ? Ensure(room, now) : rooms.GetValueOrDefault(room);
            return Task.FromResult(found?.Info(Trim(found, now)));
        }
    }

    /// <inheritdoc />
    public ValueTask<AppendResult> AppendAsync(EventDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentException.ThrowIfNullOrEmpty(draft.Room, nameof(draft));
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            if (disposed)
            {
                return ValueTask.FromResult(AppendResult.Unavailable("the store is closed"));
            }

            var now = UnixMs.From(time.GetUtcNow());
            var key = draft.Sender is not null && draft.Ref is not null ? (draft.Sender, draft.Ref) : default;
            if (key.Sender is not null)
            {
                ExpireRefs(now);
                if (refs.TryGetValue(key, out var original) && UnixMs.From(original.Ts) >= RefCutoff(now))
                {
                    return ValueTask.FromResult(AppendResult.Duplicate(original));
                }
            }

            var room = Ensure(draft.Room, now);
            var stored = new StoredEvent(
                room.Key, room.LastId + 1, UnixMs.ToTime(now), draft.Kind, draft.User, draft.Text, draft.Reason, draft.By, draft.Duration);
            room.LastId = stored.Id;
            room.Events.Add(stored);
            if (draft.Kind == EventKind.Topic)
            {
                room.Topic = draft.Text;
            }

            Trim(room, now);
            if (key.Sender is not null)
            {
                refs[key] = stored;
                refOrder.Enqueue((key.Sender, key.Ref!, stored));
                while (refs.Count > maxRefs)
                {
                    ForgetOldestRef();
                }
            }

            return ValueTask.FromResult(AppendResult.Committed(stored));
        }
    }

    /// <inheritdoc />
    public Task<StoredEvent?> FindByRefAsync(string sender, string reference, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sender);
        ArgumentException.ThrowIfNullOrEmpty(reference);
        lock (gate)
        {
            var now = UnixMs.From(time.GetUtcNow());
            return Task.FromResult(refs.TryGetValue((sender, reference), out var original) && UnixMs.From(original.Ts) >= RefCutoff(now)
                ? original
                : null);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredEvent>> ReadAsync(
        string room, long after, long before, int limit, ReadFrom from, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        lock (gate)
        {
            ThrowIfClosed();
            if (limit <= 0 || !rooms.TryGetValue(room, out var r) || Trim(r, UnixMs.From(time.GetUtcNow())) == 0)
            {
                return Task.FromResult<IReadOnlyList<StoredEvent>>([]);
            }

            var oldest = r.Events.Oldest.Id;
            if (after >= r.LastId || before <= oldest || before - 1 <= after)
            {
                return Task.FromResult<IReadOnlyList<StoredEvent>>([]);
            }

            var low = Math.Max(after + 1, oldest);
            var high = Math.Min(before - 1, r.LastId);
            if (high < low)
            {
                return Task.FromResult<IReadOnlyList<StoredEvent>>([]);
            }

            var count = (int)Math.Min(high - low + 1, limit);
            var first = from == ReadFrom.Oldest ? low : high - count + 1;
            var list = new StoredEvent[count];
            for (var i = 0; i < count; i++)
            {
                list[i] = r.Events[(int)(first - oldest) + i];
            }

            return Task.FromResult<IReadOnlyList<StoredEvent>>(list);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredEvent>> ReadRecentMessagesAsync(
        string room, long before, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        lock (gate)
        {
            ThrowIfClosed();
            if (limit <= 0 || !rooms.TryGetValue(room, out var r) || Trim(r, UnixMs.From(time.GetUtcNow())) == 0)
            {
                return Task.FromResult<IReadOnlyList<StoredEvent>>([]);
            }

            var found = new List<StoredEvent>();
            for (var i = r.Events.Count - 1; i >= 0 && found.Count < limit; i--)
            {
                var e = r.Events[i];
                if (e.Id < before && e.Kind == EventKind.Message)
                {
                    found.Add(e);
                }
            }

            found.Reverse();
            return Task.FromResult<IReadOnlyList<StoredEvent>>(found);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        lock (gate)
        {
            disposed = true;
            rooms.Clear();
            refs.Clear();
            refOrder.Clear();
            ClearAccounts();
        }

        return ValueTask.CompletedTask;
    }

    private void ThrowIfClosed()
    {
        if (disposed)
        {
            throw new StoreUnavailableException("The store is closed.");
        }
    }

    private Room Ensure(string key, long now)
    {
        if (!rooms.TryGetValue(key, out var room))
        {
            room = new Room(key, Epochs.New(), UnixMs.ToTime(now));
            rooms.Add(key, room);
            AddParticipants(key);
        }

        return room;
    }

    /// <summary>Applies retention to one room; returns how many events it still holds.</summary>
    private int Trim(Room room, long now)
    {
        var events = room.Events;
        while (events.Count > eventsPerRoom)
        {
            events.RemoveOldest();
        }

        if (options.RetentionDays > 0)
        {
            var cutoff = now - (long)TimeSpan.FromDays(options.RetentionDays).TotalMilliseconds;
            while (events.Count > 0 && UnixMs.From(events.Oldest.Ts) < cutoff)
            {
                events.RemoveOldest();
            }
        }

        return events.Count;
    }

    private long RefCutoff(long now) => now - (long)options.DedupeWindow.TotalMilliseconds;

    private void ExpireRefs(long now)
    {
        var cutoff = RefCutoff(now);
        while (refOrder.TryPeek(out var oldest) && UnixMs.From(oldest.Event.Ts) < cutoff)
        {
            ForgetOldestRef();
        }
    }

    private void ForgetOldestRef()
    {
        var (sender, reference, stored) = refOrder.Dequeue();

        // A ref used again after it expired has a newer entry; only the entry this record made goes.
        if (refs.TryGetValue((sender, reference), out var current) && ReferenceEquals(current, stored))
        {
            refs.Remove((sender, reference));
        }
    }

    private sealed class Room(string key, string epoch, DateTimeOffset created)
    {
        public string Key { get; } = key;

        public string Epoch { get; } = epoch;

        public DateTimeOffset Created { get; } = created;

        public EventRing Events { get; } = new();

        public long LastId { get; set; }

        public string? Topic { get; set; }

        public RoomInfo Info(int held) =>
            new(Key, Epoch, LastId, held == 0 ? 0 : Events.Oldest.Id, Topic, Created);
    }
}
