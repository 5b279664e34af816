namespace Piazza.Store;

/// <summary>
/// History in memory only (<c>--store memory</c>): every room gets a new epoch each time the
/// process starts, appends are "committed" at once, and memory stays bounded: a room keeps at
/// most <see cref="StoreOptions.RetentionEvents"/> events (10,000 when that is 0) and the dedupe
/// map at most a million refs, each remembered by where and when its event was stored (room, id,
/// time), not by the event itself: a resend is answered with the event from its room while the room
/// still holds it, and rebuilt from those three and the resend once retention removed it.
/// </summary>
public sealed partial class MemoryStore : IEventStore, IAccountStore
{
    /// <summary>How many events a room keeps when no event retention is set.</summary>
    public const int DefaultEventsPerRoom = 10_000;

    /// <summary>How many refs are remembered at most; the oldest are forgotten first.</summary>
    public const int DefaultMaxRefs = 1_000_000;

    private readonly object gate = new();
    private readonly Dictionary<string, Room> rooms = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Sender, string Ref), RefEntry> refs = [];
    private readonly Queue<(string Sender, string Ref, RefEntry Entry)> refOrder = new();
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
                if (refs.TryGetValue(key, out var original) && original.Ts >= RefCutoff(now))
                {
                    return ValueTask.FromResult(AppendResult.Duplicate(
                        Original(original) ?? new StoredEvent(original.Room, original.Id, UnixMs.ToTime(original.Ts), draft.Kind, draft.User, draft.Text)));
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
                var entry = new RefEntry(room.Key, stored.Id, now);
                refs[key] = entry;
                refOrder.Enqueue((key.Sender, key.Ref!, entry));
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
            if (!refs.TryGetValue((sender, reference), out var original) || original.Ts < RefCutoff(now))
            {
                return Task.FromResult<StoredEvent?>(null);
            }

            // Retention removed the event: the room, id and time are still given (as the Redis store does).
            return Task.FromResult<StoredEvent?>(
                Original(original) ?? new StoredEvent(original.Room, original.Id, UnixMs.ToTime(original.Ts), EventKind.Message, sender));
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

    /// <summary>The event a remembered ref points at, while its room still holds it.</summary>
    private StoredEvent? Original(RefEntry entry)
    {
        if (!rooms.TryGetValue(entry.Room, out var room) || room.Events.Count == 0)
        {
            return null;
        }

        var oldest = room.Events.Oldest.Id;
        return entry.Id >= oldest && entry.Id <= room.LastId ? room.Events[(int)(entry.Id - oldest)] : null;
    }

    private long RefCutoff(long now) => now - (long)options.DedupeWindow.TotalMilliseconds;

    private void ExpireRefs(long now)
    {
        var cutoff = RefCutoff(now);
        while (refOrder.TryPeek(out var oldest) && oldest.Entry.Ts < cutoff)
        {
            ForgetOldestRef();
        }
    }

    private void ForgetOldestRef()
    {
        var (sender, reference, entry) = refOrder.Dequeue();

        // A ref used again after it expired has a newer entry; only the entry this record made goes.
        if (refs.TryGetValue((sender, reference), out var current) && current == entry)
        {
            refs.Remove((sender, reference));
        }
    }

    /// <summary>
    /// What a remembered ref keeps (about 40 bytes, the room's key shared with the room): where and
    /// when its event was stored, enough to answer a resend.
    /// </summary>
    /// <param name="Room">The room key (the room's own string).</param>
    /// <param name="Id">The event's id in that room.</param>
    /// <param name="Ts">When it was stored, in Unix milliseconds.</param>
    private readonly record struct RefEntry(string Room, long Id, long Ts);

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
