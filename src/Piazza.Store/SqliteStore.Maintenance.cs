using Microsoft.Data.Sqlite;

namespace Piazza.Store;

/// <summary>
/// Retention and ref expiry: a pass runs at open and on every tick of the maintenance timer, on the
/// writer thread, as a series of small transactions with a batch of appends allowed between any two.
/// </summary>
public sealed partial class SqliteStore
{
    /// <summary>The most rows one maintenance transaction deletes.</summary>
    internal const int MaintenanceChunk = 1000;

    /// <summary>How many rooms a step may look at (without deleting anything) before it lets appends in.</summary>
    private const int RoomsPerStep = 256;

    internal const string ExpireRefsSql =
        "DELETE FROM refs WHERE (sender, ref) IN (SELECT sender, ref FROM refs WHERE ts < $cutoff ORDER BY ts LIMIT $limit)";

    private const string OldestEventSql = "SELECT id, ts FROM events WHERE room_id = $room ORDER BY id LIMIT 1";

    private const string FirstKeptByTimeSql =
        "SELECT id FROM events WHERE room_id = $room AND id >= $from AND id < $to AND ts >= $cutoff ORDER BY id LIMIT 1";

    private const string DeleteEventsSql = "DELETE FROM events WHERE room_id = $room AND id >= $from AND id < $to";

    private Statement expireRefs = null!;
    private Statement oldestEvent = null!;
    private Statement firstKeptByTime = null!;
    private Statement deleteEvents = null!;

    // The pass in progress and who waits for it (writer thread); requests arrive under the gate.
    private IEnumerator<bool>? maintenance;
    private List<TaskCompletionSource>? passWaiters;
    private List<TaskCompletionSource>? nextPassWaiters;
    private bool maintenanceRequested;
    private long removedEvents;
    private long expiredRefs;

    /// <summary>The pass requested at open; completes when it has finished.</summary>
    internal Task OpenMaintenance { get; private set; } = Task.CompletedTask;

    private bool MaintenancePending => maintenanceRequested || maintenance is not null;

    /// <summary>Runs a full pass now (after the one in progress, if any) and completes when it is done.</summary>
    internal Task RunMaintenanceAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        RequestMaintenance(done);
        return done.Task;
    }

    /// <summary>Runs <paramref name="action"/> on the writer's connection between two batches (tests: simulate a full disk).</summary>
    internal Task RunOnWriterAsync(Action<SqliteConnection> action) => Enqueue(new WriteOp(null, string.Empty, action));

    private void RequestMaintenance(TaskCompletionSource? waiter)
    {
        lock (gate)
        {
            if (closing)
            {
                waiter?.TrySetException(new ObjectDisposedException(nameof(SqliteStore)));
                return;
            }

            if (waiter is not null)
            {
                (nextPassWaiters ??= []).Add(waiter);
            }

            maintenanceRequested = true;
            if (writerWaiting)
            {
                Monitor.Pulse(gate);
            }
        }
    }

    /// <summary>Called by the writer under the gate.</summary>
    private void StartMaintenanceIfAsked()
    {
        if (maintenance is not null || !maintenanceRequested)
        {
            return;
        }

        maintenanceRequested = false;
        passWaiters = nextPassWaiters;
        nextPassWaiters = null;
        maintenance = MaintenancePass().GetEnumerator();
    }

    private void StepMaintenance()
    {
        if (maintenance is null)
        {
            return;
        }

        try
        {
            if (maintenance.MoveNext())
            {
                return;
            }
        }
        catch (Exception e)
        {
            Rollback(connection!);
            Log.MaintenanceFailed(logger, e is SqliteException se ? SqliteSchema.Reason(se) : e.Message);
            FinishPass(e);
            return;
        }

        if (removedEvents > 0 || expiredRefs > 0)
        {
            Log.MaintenanceRemoved(logger, removedEvents, expiredRefs);
        }

        FinishPass(null);
    }

    private void FinishPass(Exception? error)
    {
        maintenance!.Dispose();
        maintenance = null;
        removedEvents = 0;
        expiredRefs = 0;
        foreach (var waiter in passWaiters ?? [])
        {
            if (error is null)
            {
                waiter.TrySetResult();
            }
            else
            {
                waiter.TrySetException(new StoreUnavailableException("History maintenance failed.", error));
            }
        }

        passWaiters = null;
    }

    private void AbandonMaintenance()
    {
        maintenance?.Dispose();
        maintenance = null;
        List<TaskCompletionSource> waiters = [.. passWaiters ?? []];
        lock (gate)
        {
            waiters.AddRange(nextPassWaiters ?? []);
            nextPassWaiters = null;
        }

        foreach (var waiter in waiters)
        {
            waiter.TrySetException(new ObjectDisposedException(nameof(SqliteStore)));
        }
    }

    private IEnumerable<bool> MaintenancePass()
    {
        var db = connection!;
        var now = UnixMs.From(time.GetUtcNow());
        var refCutoff = now - (long)store.DedupeWindow.TotalMilliseconds;
        int expired;
        do
        {
            expired = InTransaction(db, () => expireRefs.Bind(0, refCutoff).Bind(1, MaintenanceChunk).Execute());
            expiredRefs += expired;
            yield return true;
        }
        while (expired == MaintenanceChunk);

        if (store.RetentionEvents <= 0 && store.RetentionDays <= 0)
        {
            yield break;
        }

        var dayCutoff = store.RetentionDays > 0 ? now - (long)TimeSpan.FromDays(store.RetentionDays).TotalMilliseconds : long.MinValue;
        var snapshot = rooms.Values.Select(s => (s.RowId, s.LastId)).ToList();
        var looked = 0;
        foreach (var (roomId, lastId) in snapshot)
        {
            if (++looked == RoomsPerStep)
            {
                looked = 0;
                yield return true;
            }

            // Ids below keepFrom go by count; events older than dayCutoff go by age (a prefix of the room).
            var keepFrom = store.RetentionEvents > 0 ? lastId - store.RetentionEvents + 1 : long.MinValue;
            if (Oldest(roomId) is not (var oldest, var oldestTs) || (oldest >= keepFrom && oldestTs >= dayCutoff))
            {
                continue;
            }

            while (true)
            {
                var to = oldest + MaintenanceChunk;
                var end = Math.Min(to, keepFrom);
                if (end < to && dayCutoff != long.MinValue)
                {
                    var keptByTime = firstKeptByTime.Bind(0, roomId).Bind(1, oldest).Bind(2, to).Bind(3, dayCutoff).ExecuteScalarInt64OrNull() ?? to;
                    end = Math.Max(end, keptByTime);
                }

                if (end <= oldest)
                {
                    break;
                }

                var from = oldest;
                removedEvents += InTransaction(db, () => deleteEvents.Bind(0, roomId).Bind(1, from).Bind(2, end).Execute());
                looked = 0;
                yield return true;
                if (end < to || end > lastId)
                {
                    break;
                }

                oldest = end;
            }
        }
    }

    private (long Id, long Ts)? Oldest(long roomId)
    {
        using var reader = oldestEvent.Bind(0, roomId).Query();
        return reader.Read() ? (reader.GetInt64(0), reader.GetInt64(1)) : null;
    }

    private static int InTransaction(SqliteConnection db, Func<int> work)
    {
        Exec(db, "BEGIN IMMEDIATE");
        try
        {
            var result = work();
            Exec(db, "COMMIT");
            return result;
        }
        catch
        {
            Rollback(db);
            throw;
        }
    }

    private void PrepareMaintenance(SqliteConnection db)
    {
        expireRefs = new Statement(db, ExpireRefsSql, "$cutoff", "$limit");
        oldestEvent = new Statement(db, OldestEventSql, "$room");
        firstKeptByTime = new Statement(db, FirstKeptByTimeSql, "$room", "$from", "$to", "$cutoff");
        deleteEvents = new Statement(db, DeleteEventsSql, "$room", "$from", "$to");
    }
}
