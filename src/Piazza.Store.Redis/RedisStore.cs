using System.Globalization;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Piazza.Store.Redis;

/// <summary>
/// History and accounts in one Redis shared by every node (<c>--store redis://HOST:PORT</c>).
/// Each append is one Lua script (<see cref="RedisScripts.Append"/>): ids come from the room's
/// counter in the same atomic step that stores the event and publishes it, so they are dense and
/// ordered whichever node an event enters by. Durability is Redis's own: with
/// <c>appendonly yes</c> and <c>appendfsync always</c> a reply means the event is on disk.
/// </summary>
/// <remarks>
/// While Redis is unreachable, appends report <see cref="AppendStatus.Unavailable"/> at once and
/// reads throw <see cref="StoreUnavailableException"/> (nothing is queued in the client); the
/// connection is re-established in the background and the next call works again.
/// </remarks>
public sealed partial class RedisStore : IEventStore, IAccountStore
{
    private const int RecentChunk = 256;

    private readonly RedisStoreOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly RedisKeys keys;
    private ConnectionMultiplexer? connection;
    private ITimer? maintenance;
    private volatile bool disposed;
    private int failing;
    private long refused;

    public RedisStore(RedisStoreOptions options, ILogger logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        this.logger = logger;
        time = timeProvider ?? TimeProvider.System;
        keys = new RedisKeys(options.Prefix);
    }

    /// <inheritdoc />
    public string Description => options.Address.ToString();

    /// <summary>The open connection (for the feed and presence, which share it).</summary>
    internal ConnectionMultiplexer Connection => connection ?? throw new InvalidOperationException("The store is not open.");

    internal RedisKeys Keys => keys;

    private IDatabase Db => !disposed && connection is { } c ? c.GetDatabase() : throw new StoreUnavailableException("The store is closed.");

    private StoreOptions Store => options.Store;

    /// <inheritdoc />
    public async Task OpenAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            connection = await ConnectionMultiplexer.ConnectAsync(options.Address.ToConfiguration());
            await connection.GetDatabase().PingAsync();
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            if (connection is { } c)
            {
                await c.DisposeAsync();
                connection = null;
            }

            throw new StoreOpenException($"The Redis store {Description} cannot be reached: {e.Message}", e);
        }

        Log.Opened(logger, Description, options.Prefix);
        maintenance = time.CreateTimer(_ => _ = MaintainQuietlyAsync(), null, options.MaintenanceInterval, options.MaintenanceInterval);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RoomInfo>> ListRoomsAsync(CancellationToken cancellationToken = default)
    {
        var db = Db;
        var names = await Guard(() => db.SortedSetRangeByRankAsync(keys.Directory));
        var found = await Task.WhenAll(names.Select(n => RoomAsync(db, (string)n!, create: false)));
        return found.OfType<RoomInfo>().OrderBy(r => r.Room, StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc />
    public Task<RoomInfo?> GetRoomAsync(string room, bool create, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        return RoomAsync(Db, room, create);
    }

    /// <inheritdoc />
    public async ValueTask<AppendResult> AppendAsync(EventDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentException.ThrowIfNullOrEmpty(draft.Room, nameof(draft));
        cancellationToken.ThrowIfCancellationRequested();
        if (disposed || connection is not { } c)
        {
            return AppendResult.Unavailable("the store is closed");
        }

        var hasRef = draft.Sender is not null && draft.Ref is not null;
        var scriptKeys = new List<RedisKey>
        {
            keys.Room(draft.Room), keys.Events(draft.Room),
            hasRef ? keys.Ref(draft.Sender!, draft.Ref!) : keys.Prefix + "ref:",
            keys.Directory, keys.AllRooms,
        };
        if (ConversationKeys.TryParse(draft.Room, out var first, out var second))
        {
            scriptKeys.Add(keys.Conversations(first));
            scriptKeys.Add(keys.Conversations(second));
        }

        var args = new List<RedisValue>
        {
            draft.Room,
            UnixMs.From(time.GetUtcNow()),
            (long)Store.DedupeWindow.TotalMilliseconds,
            Store.RetentionEvents,
            Epochs.New(),
            (string)keys.Channel(draft.Room)!,
            hasRef ? "1" : "0",
            ((byte)draft.Kind).ToString(CultureInfo.InvariantCulture),
            draft.Sender ?? "",
        };
        RedisEntries.AddFields(args, draft);

        RedisResult reply;
        var started = time.GetTimestamp();
        try
        {
            reply = await c.GetDatabase().ScriptEvaluateAsync(RedisScripts.Append, [.. scriptKeys], [.. args]);
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            if (Interlocked.Exchange(ref failing, 1) == 0)
            {
                Log.AppendsFailing(logger, e.Message);
            }

            Interlocked.Increment(ref refused);
            return AppendResult.Unavailable(e.Message);
        }

        if (Interlocked.Exchange(ref failing, 0) == 1)
        {
            var refusedMeanwhile = Interlocked.Exchange(ref refused, 0);
            Log.AppendsRecovered(logger, refusedMeanwhile);
        }

        var parts = (RedisResult[])reply!;
        if ((long)parts[0] == 1)
        {
            // One script is one atomic append (Redis's own persistence settings decide when it is on disk).
            Store.Committed?.Invoke(1, time.GetElapsedTime(started));
            return AppendResult.Committed(new StoredEvent(
                draft.Room, (long)parts[1], UnixMs.ToTime((long)parts[2]), draft.Kind, draft.User, draft.Text, draft.Reason, draft.By, draft.Duration));
        }

        return AppendResult.Duplicate(Original((string)parts[1]!, (long)parts[2], (long)parts[3], (RedisResult[])parts[4]!, draft.Sender!));
    }

    /// <inheritdoc />
    public async Task<StoredEvent?> FindByRefAsync(string sender, string reference, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sender);
        ArgumentException.ThrowIfNullOrEmpty(reference);
        var db = Db;
        var seen = await Guard(() => db.StringGetAsync(keys.Ref(sender, reference)));
        if (seen.IsNull)
        {
            return null;
        }

        var parts = ((string)seen!).Split('\n');
        var room = string.Join('\n', parts[..^2]);
        var id = long.Parse(parts[^2], CultureInfo.InvariantCulture);
        var ts = long.Parse(parts[^1], CultureInfo.InvariantCulture);
        if (ts < UnixMs.From(time.GetUtcNow()) - (long)Store.DedupeWindow.TotalMilliseconds)
        {
            return null;
        }

        var entries = await Guard(() => db.StreamRangeAsync(keys.Events(room), $"{id}-0", $"{id}-0"));
        return entries.Length > 0
            ? RedisEntries.FromEntry(room, entries[0])
            : new StoredEvent(room, id, UnixMs.ToTime(ts), EventKind.Message, sender);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredEvent>> ReadAsync(
        string room, long after, long before, int limit, ReadFrom from, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        var db = Db;
        // Stream ids are unsigned: clamp the open bounds before adding or taking one.
        var low = after < 1 ? 1 : after == long.MaxValue ? long.MaxValue : after + 1;
        var high = before <= 1 ? 0 : before - 1;
        if (limit <= 0 || high < low || after == long.MaxValue)
        {
            return [];
        }

        var order = from == ReadFrom.Oldest ? Order.Ascending : Order.Descending;
        var entries = await Guard(() => db.StreamRangeAsync(keys.Events(room), $"{low}-0", $"{high}-0", limit, order));
        var list = entries.Select(e => RedisEntries.FromEntry(room, e)).ToList();
        if (from == ReadFrom.Newest)
        {
            list.Reverse();
        }

        return list;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredEvent>> ReadRecentMessagesAsync(
        string room, long before, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        var db = Db;
        var found = new List<StoredEvent>();
        var high = before <= 1 ? 0 : before - 1;
        while (limit > 0 && high >= 1 && found.Count < limit)
        {
            var top = high;
            var entries = await Guard(() => db.StreamRangeAsync(keys.Events(room), "-", $"{top}-0", RecentChunk, Order.Descending));
            foreach (var entry in entries)
            {
                var e = RedisEntries.FromEntry(room, entry);
                if (e.Kind == EventKind.Message && found.Count < limit)
                {
                    found.Add(e);
                }
            }

            if (entries.Length < RecentChunk)
            {
                break;
            }

            high = RedisEntries.IdOf(entries[^1].Id) - 1;
        }

        found.Reverse();
        return found;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (maintenance is { } timer)
        {
            await timer.DisposeAsync();
        }

        if (connection is { } c)
        {
            await c.CloseAsync();
            await c.DisposeAsync();
            Log.Closed(logger, Description);
        }
    }

    /// <summary>True for the failures that mean "Redis cannot serve this now" rather than a bug.</summary>
    internal static bool IsUnavailable(Exception e) =>
        e is RedisConnectionException or RedisTimeoutException or RedisServerException or ObjectDisposedException
            or TimeoutException or StoreUnavailableException;

    private async Task<RoomInfo?> RoomAsync(IDatabase db, string room, bool create)
    {
        var reply = await Guard(() => db.ScriptEvaluateAsync(
            RedisScripts.Room,
            [keys.Room(room), keys.Events(room), keys.Directory, keys.AllRooms],
            [room, create ? "1" : "0", Epochs.New(), UnixMs.From(time.GetUtcNow())]));
        var parts = (RedisResult[])reply!;
        if (parts.Length == 0)
        {
            return null;
        }

        return new RoomInfo(
            room,
            (string)parts[0]!,
            (long)parts[1],
            (long)parts[5],
            (long)parts[4] == 1 ? (string?)parts[3] : null,
            UnixMs.ToTime((long)parts[2]));
    }

    private static StoredEvent Original(string room, long id, long ts, RedisResult[] fields, string sender) =>
        fields.Length > 0 ? RedisEntries.FromFields(room, id, fields) : new StoredEvent(room, id, UnixMs.ToTime(ts), EventKind.Message, sender);

    /// <summary>Runs a read or write, turning "Redis cannot serve this now" into <see cref="StoreUnavailableException"/>.</summary>
    private async Task<T> Guard<T>(Func<Task<T>> call)
    {
        if (disposed)
        {
            throw new StoreUnavailableException("The store is closed.");
        }

        try
        {
            return await call();
        }
        catch (Exception e) when (IsUnavailable(e) && e is not StoreUnavailableException)
        {
            throw new StoreUnavailableException($"The Redis store {Description} cannot serve this now: {e.Message}", e);
        }
    }

    private async Task Guard(Func<Task> call) => await Guard(async () =>
    {
        await call();
        return true;
    });
}
