using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Piazza.Store;

/// <summary>The one writer: a dedicated thread that commits queued appends in batches (group commit).</summary>
public sealed partial class SqliteStore
{
    internal const string InsertRoomSql =
        "INSERT INTO rooms (key, epoch, created) VALUES ($key, $epoch, $created) RETURNING room_id";

    internal const string InsertEventSql =
        "INSERT INTO events (room_id, id, ts, kind, user_name, body, reason, by_name, duration) VALUES ($room, $id, $ts, $kind, $user, $body, $reason, $by, $duration)";

    /// <summary>A new direct conversation is listed under each of its people, so a sign-in finds what waits for it.</summary>
    internal const string InsertParticipantSql = "INSERT OR IGNORE INTO participants (name_key, room_id) VALUES ($name, $room)";

    /// <summary>Claims (sender, ref), or takes over a claim older than the dedupe window; changes nothing for a live duplicate.</summary>
    internal const string ClaimRefSql =
        "INSERT INTO refs (sender, ref, room_id, id, ts) VALUES ($sender, $ref, $room, $id, $ts) " +
        "ON CONFLICT (sender, ref) DO UPDATE SET room_id = excluded.room_id, id = excluded.id, ts = excluded.ts WHERE refs.ts < $cutoff";

    internal const string FindRefSql =
        "SELECT r.key, f.id, f.ts, e.kind, e.user_name, e.body, e.reason, e.by_name FROM refs f " +
        "JOIN rooms r ON r.room_id = f.room_id LEFT JOIN events e ON e.room_id = f.room_id AND e.id = f.id " +
        "WHERE f.sender = $sender AND f.ref = $ref";

    private const string SetTopicSql = "UPDATE rooms SET topic = $topic WHERE room_id = $room";
    private const string SetLastIdSql = "UPDATE rooms SET last_id = $last WHERE room_id = $room";

    private readonly object gate = new();
    private readonly Queue<WriteOp> queue = new();
    private readonly TaskCompletionSource writerExited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Writer-thread state: the id counter of every room, and what the current batch changed.
    private readonly Dictionary<string, RoomSlot> rooms = new(StringComparer.Ordinal);
    private readonly List<RoomSlot> touched = [];
    private readonly List<string> createdInBatch = [];
    private readonly Dictionary<(string Sender, string Ref), WriteOp> refsInBatch = [];

    private Statement insertRoom = null!;
    private Statement insertEvent = null!;
    private Statement insertParticipant = null!;
    private Statement claimRef = null!;
    private Statement findRef = null!;
    private Statement setTopic = null!;
    private Statement setLastId = null!;

    private bool closing;
    private bool writerWaiting;
    private bool failing;
    private long refusedWhileFailing;

    private Task<AppendResult> Enqueue(WriteOp op)
    {
        lock (gate)
        {
            if (closing || connection is null)
            {
                if (!closing && Volatile.Read(ref opened) == 0)
                {
                    throw new InvalidOperationException("The store is not open.");
                }

                op.TrySetResult(AppendResult.Unavailable(closing ? "the store is closed" : "the store is still opening"));
                return op.Task;
            }

            queue.Enqueue(op);
            if (writerWaiting)
            {
                Monitor.Pulse(gate);
            }
        }

        return op.Task;
    }

    private void StartWriter()
    {
        var thread = new Thread(WriterLoop) { IsBackground = true, Name = "Piazza store writer" };
        thread.Start();
    }

    /// <summary>Asks the writer to finish the queue and stop; false if it was asked before.</summary>
    private bool StopWriter()
    {
        lock (gate)
        {
            if (closing)
            {
                return false;
            }

            closing = true;
            Monitor.Pulse(gate);
            if (connection is null)
            {
                writerExited.TrySetResult();
            }
        }

        return true;
    }

    private void WriterLoop()
    {
        var batch = new List<WriteOp>(Math.Min(store.MaxBatch, 4096));
        try
        {
            while (true)
            {
                bool stop;
                lock (gate)
                {
                    while (queue.Count == 0 && !closing && !MaintenancePending)
                    {
                        writerWaiting = true;
                        Monitor.Wait(gate);
                        writerWaiting = false;
                    }

                    while (batch.Count < store.MaxBatch && queue.TryDequeue(out var op))
                    {
                        batch.Add(op);
                    }

                    stop = closing && batch.Count == 0;
                    if (!closing)
                    {
                        StartMaintenanceIfAsked();
                    }
                }

                if (stop)
                {
                    break;
                }

                try
                {
                    if (batch.Count > 0)
                    {
                        RunBatch(batch);
                    }

                    // One maintenance step between batches: retention never holds appends for long.
                    StepMaintenance();
                }
                catch (Exception e)
                {
                    // Whatever went wrong, the writer must live on: a dead writer would hang every append.
                    Log.WriterBug(logger, e);
                    foreach (var op in batch)
                    {
                        op.TrySetResult(AppendResult.Unavailable("unexpected error in the store"));
                    }
                }

                batch.Clear();
            }
        }
        finally
        {
            AbandonMaintenance();
            writerExited.TrySetResult();
        }
    }

    private void RunBatch(List<WriteOp> batch)
    {
        var db = connection!;
        var appends = 0;
        foreach (var op in batch)
        {
            if (op.Action is not null)
            {
                RunAction(db, op);
            }
            else
            {
                appends++;
            }
        }

        if (appends == 0)
        {
            return;
        }

        var ts = UnixMs.From(time.GetUtcNow());
        var refCutoff = ts - (long)store.DedupeWindow.TotalMilliseconds;
        var started = time.GetTimestamp();
        try
        {
            Exec(db, "BEGIN IMMEDIATE");
            foreach (var op in batch)
            {
                if (op.Draft is not null)
                {
                    Apply(op, op.Draft, ts, refCutoff);
                }
                else if (op.Action is null)
                {
                    Slot(op.Room, ts);
                }
            }

            foreach (var slot in touched)
            {
                setLastId.Bind(0, slot.Pending).Bind(1, slot.RowId).Execute();
            }

            Exec(db, "COMMIT");
        }
        catch (Exception e)
        {
            Rollback(db);
            UndoBatch();
            if (e is not SqliteException)
            {
                Log.WriterBug(logger, e);
            }

            var reason = e is SqliteException se ? SqliteSchema.Reason(se) : "unexpected error in the store";
            var refused = 0;
            foreach (var op in batch)
            {
                if (op.Action is null)
                {
                    refused++;
                    op.TrySetResult(AppendResult.Unavailable(reason));
                }
            }

            if (!failing)
            {
                failing = true;
                Log.AppendsFailing(logger, reason);
            }

            refusedWhileFailing += refused;
            return;
        }

        AcceptBatch();
        store.Committed?.Invoke(appends, time.GetElapsedTime(started));
        if (failing)
        {
            failing = false;
            Log.AppendsRecovered(logger, refusedWhileFailing);
            refusedWhileFailing = 0;
        }

        foreach (var op in batch)
        {
            if (op.Action is null)
            {
                op.TrySetResult(op.Outcome());
            }
        }
    }

    private void Apply(WriteOp op, EventDraft draft, long ts, long refCutoff)
    {
        var slot = Slot(draft.Room, ts);
        var id = slot.Pending + 1;
        if (draft.Sender is not null && draft.Ref is not null)
        {
            var key = (draft.Sender, draft.Ref);
            if (refsInBatch.TryGetValue(key, out var first))
            {
                op.DuplicateOf = first;
                return;
            }

            refsInBatch.Add(key, op);
            var claimed = claimRef.Bind(0, draft.Sender).Bind(1, draft.Ref).Bind(2, slot.RowId).Bind(3, id).Bind(4, ts)
                .Bind(5, refCutoff).Execute();
            if (claimed == 0)
            {
                op.Original = FindOriginal(draft);
                return;
            }
        }

        insertEvent.Bind(0, slot.RowId).Bind(1, id).Bind(2, ts).Bind(3, (long)draft.Kind).Bind(4, draft.User)
            .Bind(5, draft.Text).Bind(6, draft.Reason).Bind(7, draft.By).Bind(8, draft.Duration).Execute();
        if (draft.Kind == EventKind.Topic)
        {
            setTopic.Bind(0, draft.Text).Bind(1, slot.RowId).Execute();
        }

        if (!slot.Touched)
        {
            slot.Touched = true;
            touched.Add(slot);
        }

        slot.Pending = id;
        op.Stored = new StoredEvent(draft.Room, id, UnixMs.ToTime(ts), draft.Kind, draft.User, draft.Text, draft.Reason, draft.By, draft.Duration);
    }

    /// <summary>The event a live (sender, ref) points at; rebuilt from the ref if retention removed the event.</summary>
    private StoredEvent FindOriginal(EventDraft draft)
    {
        using var reader = findRef.Bind(0, draft.Sender).Bind(1, draft.Ref).Query();
        if (!reader.Read())
        {
            throw new InvalidOperationException("A ref that blocked an insert could not be found.");
        }

        var room = reader.GetString(0);
        var id = reader.GetInt64(1);
        var ts = UnixMs.ToTime(reader.GetInt64(2));
        return reader.IsDBNull(3)
            ? new StoredEvent(room, id, ts, draft.Kind, draft.User, draft.Text)
            : new StoredEvent(
                room, id, ts, (EventKind)reader.GetInt64(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7));
    }

    /// <summary>The room's slot, with a new row (and a new epoch) in this batch if the room is new.</summary>
    private RoomSlot Slot(string key, long ts)
    {
        if (rooms.TryGetValue(key, out var slot))
        {
            return slot;
        }

        var rowId = insertRoom.Bind(0, key).Bind(1, Epochs.New()).Bind(2, ts).ExecuteScalarInt64();
        if (ConversationKeys.TryParse(key, out var first, out var second))
        {
            insertParticipant.Bind(0, first).Bind(1, rowId).Execute();
            insertParticipant.Bind(0, second).Bind(1, rowId).Execute();
        }

        slot = new RoomSlot(rowId, 0);
        rooms.Add(key, slot);
        createdInBatch.Add(key);
        return slot;
    }

    private void AcceptBatch()
    {
        foreach (var slot in touched)
        {
            slot.LastId = slot.Pending;
            slot.Touched = false;
        }

        touched.Clear();
        createdInBatch.Clear();
        refsInBatch.Clear();
    }

    /// <summary>After a rollback: no id was used, no room was created.</summary>
    private void UndoBatch()
    {
        foreach (var slot in touched)
        {
            slot.Pending = slot.LastId;
            slot.Touched = false;
        }

        foreach (var key in createdInBatch)
        {
            rooms.Remove(key);
        }

        touched.Clear();
        createdInBatch.Clear();
        refsInBatch.Clear();
    }

    private static void RunAction(SqliteConnection db, WriteOp op)
    {
        try
        {
            op.Action!(db);
            op.TrySetResult(new AppendResult(AppendStatus.Committed, null));
        }
        catch (Exception e)
        {
            op.TrySetException(e);
        }
    }

    private void LoadRooms(SqliteConnection db)
    {
        using var command = db.CreateCommand();

        // last_id is the counter; the max() only guards against a counter that fell behind its events.
        command.CommandText =
            "SELECT room_id, key, max(last_id, coalesce((SELECT max(id) FROM events e WHERE e.room_id = r.room_id), 0)) FROM rooms r";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rooms[reader.GetString(1)] = new RoomSlot(reader.GetInt64(0), reader.GetInt64(2));
        }
    }

    private void PrepareWriter(SqliteConnection db)
    {
        insertRoom = new Statement(db, InsertRoomSql, "$key", "$epoch", "$created");
        insertEvent = new Statement(db, InsertEventSql, "$room", "$id", "$ts", "$kind", "$user", "$body", "$reason", "$by", "$duration");
        insertParticipant = new Statement(db, InsertParticipantSql, "$name", "$room");
        claimRef = new Statement(db, ClaimRefSql, "$sender", "$ref", "$room", "$id", "$ts", "$cutoff");
        findRef = new Statement(db, FindRefSql, "$sender", "$ref");
        setTopic = new Statement(db, SetTopicSql, "$topic", "$room");
        setLastId = new Statement(db, SetLastIdSql, "$last", "$room");
        PrepareMaintenance(db);
    }

    /// <summary>BEGIN, COMMIT and ROLLBACK go straight to SQLite, so a busy lock waits exactly <see cref="SqliteStoreOptions.BusyTimeout"/>.</summary>
    private static void Exec(SqliteConnection db, string sql)
    {
        var rc = raw.sqlite3_exec(db.Handle, sql);
        SqliteException.ThrowExceptionForRC(rc, db.Handle);
    }

    private static void Rollback(SqliteConnection db)
    {
        if (raw.sqlite3_get_autocommit(db.Handle) == 0)
        {
            _ = raw.sqlite3_exec(db.Handle, "ROLLBACK");
        }
    }

    /// <summary>One room's id counter: <see cref="LastId"/> is committed, <see cref="Pending"/> includes the current batch.</summary>
    private sealed class RoomSlot(long rowId, long lastId)
    {
        public long RowId { get; } = rowId;

        public long LastId { get; set; } = lastId;

        public long Pending { get; set; } = lastId;

        public bool Touched { get; set; }
    }

    /// <summary>A queued write: an append, a room to create, or (in tests) an action on the writer's connection.</summary>
    private sealed class WriteOp(EventDraft? draft, string room, Action<SqliteConnection>? action)
        : TaskCompletionSource<AppendResult>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public EventDraft? Draft { get; } = draft;

        public string Room { get; } = room;

        public Action<SqliteConnection>? Action { get; } = action;

        public StoredEvent? Stored { get; set; }

        public StoredEvent? Original { get; set; }

        public WriteOp? DuplicateOf { get; set; }

        public AppendResult Outcome() =>
            Stored is not null ? AppendResult.Committed(Stored)
            : Original is not null ? AppendResult.Duplicate(Original)
            : DuplicateOf is not null ? AppendResult.Duplicate(DuplicateOf.Stored ?? DuplicateOf.Original!)
            : new AppendResult(AppendStatus.Committed, null);
    }
}
