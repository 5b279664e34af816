using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Piazza.Store;

/// <summary>
/// History in a SQLite file (<c>--store sqlite</c>, the default). One writer thread commits
/// queued appends in batches (one transaction and one sync per batch); reads use a small pool of
/// their own connections beside it (WAL), so they never wait for a commit and never see an
/// uncommitted event.
/// </summary>
public sealed partial class SqliteStore : IEventStore
{
    private readonly SqliteStoreOptions options;
    private readonly StoreOptions store;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly string path;
    private SqliteConnection? connection;
    private SqliteReaders? readers;
    private ITimer? maintenanceTimer;
    private int opened;

    public SqliteStore(SqliteStoreOptions options, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Path, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Store.MaxBatch, 1, nameof(options));
        this.options = options;
        store = options.Store;
        this.logger = logger ?? NullLogger.Instance;
        time = timeProvider ?? TimeProvider.System;
        path = System.IO.Path.GetFullPath(options.Path);
    }

    /// <inheritdoc />
    public string Description => path;

    /// <inheritdoc />
    public Task OpenAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref opened, 1) != 0)
        {
            throw new InvalidOperationException("The store is already open.");
        }

        // Checking a large file (quick_check) takes a while: not on the caller's thread.
        return Task.Run(Open, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RoomInfo>> ListRoomsAsync(CancellationToken cancellationToken = default) =>
        Read(r => r.ListRooms(), cancellationToken);

    /// <inheritdoc />
    public async Task<RoomInfo?> GetRoomAsync(string room, bool create, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        var info = await Read(r => r.GetRoom(room), cancellationToken);
        if (info is not null || !create)
        {
            return info;
        }

        var created = await Enqueue(new WriteOp(null, room, null));
        if (created.Status == AppendStatus.Unavailable)
        {
            throw new StoreUnavailableException($"The room {room} cannot be created: {created.Error}");
        }

        return await Read(r => r.GetRoom(room), cancellationToken)
            ?? throw new StoreUnavailableException($"The room {room} was created but cannot be read back.");
    }

    /// <inheritdoc />
    public ValueTask<AppendResult> AppendAsync(EventDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentException.ThrowIfNullOrEmpty(draft.Room, nameof(draft));
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<AppendResult>(Enqueue(new WriteOp(draft, draft.Room, null)));
    }

    /// <inheritdoc />
    public Task<StoredEvent?> FindByRefAsync(string sender, string reference, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sender);
        ArgumentException.ThrowIfNullOrEmpty(reference);
        var cutoff = UnixMs.From(time.GetUtcNow()) - (long)store.DedupeWindow.TotalMilliseconds;
        return Read(r => r.FindRef(sender, reference, cutoff), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredEvent>> ReadAsync(
        string room, long after, long before, int limit, ReadFrom from, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        if (limit <= 0 || before <= after || before - after == 1)
        {
            return Task.FromResult<IReadOnlyList<StoredEvent>>([]);
        }

        return Read(r => r.Range(room, after, before, limit, from), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredEvent>> ReadRecentMessagesAsync(
        string room, long before, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        if (limit <= 0 || before <= 1)
        {
            return Task.FromResult<IReadOnlyList<StoredEvent>>([]);
        }

        return Read(r => r.RecentMessages(room, before, limit), cancellationToken);
    }

    /// <summary>
    /// Finishes what was queued, stops the writer and closes the file. Appends after this report
    /// <see cref="AppendStatus.Unavailable"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (!StopWriter())
        {
            return;
        }

        if (maintenanceTimer is not null)
        {
            await maintenanceTimer.DisposeAsync();
        }

        await writerExited.Task;
        readers?.Dispose();
        if (connection is not null)
        {
            await connection.DisposeAsync();
            Log.Closed(logger, path);
        }
    }

    private void Open()
    {
        SqliteSchema.EnsureDirectory(path);
        SqliteSchema.Inspect(path, options.BusyTimeout);
        var writer = new SqliteConnection(SqliteSchema.ConnectionString(path, SqliteOpenMode.ReadWriteCreate));
        try
        {
            var existed = File.Exists(path) && new FileInfo(path).Length > 0;
            writer.Open();
            if (SQLitePCL.raw.sqlite3_db_readonly(writer.Handle, "main") == 1)
            {
                throw new StoreOpenException($"{path} is read-only; make it and its directory writable or choose another --data-dir.");
            }

            Configure(writer, cacheKib: 8 * 1024, options.BusyTimeout);
            if ((string?)SqliteSchema.Scalar(writer, "PRAGMA journal_mode = WAL") != "wal")
            {
                throw new StoreOpenException($"{path} cannot be switched to write-ahead logging; choose another --data-dir on a local disk.");
            }

            SqliteSchema.Execute(writer, options.Sync == SyncMode.Full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");

            // Checkpoint every 8192 pages (32 MiB) instead of 1000: a page that many batches dirty
            // (a busy room's tail, a sender's refs) is copied once per checkpoint, not once per few
            // batches. Appends under load measured 1.5 to 2 times faster. The WAL is truncated back
            // to 64 MiB at most after a checkpoint.
            SqliteSchema.Execute(writer, "PRAGMA wal_autocheckpoint = 8192");
            SqliteSchema.Execute(writer, "PRAGMA journal_size_limit = 67108864");
            var from = SqliteSchema.Migrate(writer, path);
            if (!existed)
            {
                Log.Created(logger, path);
            }
            else if (from != SqliteSchema.Version)
            {
                Log.Migrated(logger, path, from, SqliteSchema.Version);
            }

            LoadRooms(writer);
            PrepareWriter(writer);
            readers = new SqliteReaders(path, options.BusyTimeout);
        }
        catch (SqliteException e)
        {
            writer.Dispose();
            if (e.SqliteErrorCode == 14 && !File.Exists(path)) // SQLITE_CANTOPEN: the file could not be created
            {
                throw new StoreOpenException(
                    $"The data directory {System.IO.Path.GetDirectoryName(path)} is not writable ({SqliteSchema.Reason(e)}); make it writable or choose another --data-dir.", e);
            }

            throw SqliteSchema.Unreadable(path, e);
        }
        catch
        {
            writer.Dispose();
            throw;
        }

        lock (gate)
        {
            if (closing)
            {
                // Disposed while it was opening: nothing will ever use it.
                readers.Dispose();
                writer.Dispose();
                throw new ObjectDisposedException(nameof(SqliteStore));
            }

            connection = writer;
        }

        StartWriter();
        OpenMaintenance = RunMaintenanceAsync();
        maintenanceTimer = time.CreateTimer(_ => RequestMaintenance(null), null, options.MaintenanceInterval, options.MaintenanceInterval);
        Log.Opened(logger, path, SqliteSchema.Version, rooms.Count, options.Sync);
    }

    /// <summary>Settings every connection of the store shares.</summary>
    internal static void Configure(SqliteConnection c, int cacheKib, TimeSpan? busyTimeout = null)
    {
        var busyMs = (long)(busyTimeout ?? TimeSpan.FromSeconds(2)).TotalMilliseconds;
        SqliteSchema.Execute(c, $"PRAGMA busy_timeout = {busyMs}");
        SqliteSchema.Execute(c, $"PRAGMA cache_size = -{cacheKib}");
    }

    private Task<T> Read<T>(Func<SqliteReader, T> work, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        var pool = readers ?? throw new InvalidOperationException("The store is not open.");
        try
        {
            return Task.FromResult(pool.Run(work));
        }
        catch (StoreUnavailableException e)
        {
            return Task.FromException<T>(e);
        }
    }
}
