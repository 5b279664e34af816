using Microsoft.Data.Sqlite;

namespace Piazza.Store;

/// <summary>One read connection with its prepared queries.</summary>
internal sealed partial class SqliteReader : IDisposable
{
    internal const string EventColumns = "id, ts, kind, user_name, body, reason, by_name, duration";

    internal const string RoomIdOf = "(SELECT room_id FROM rooms WHERE key = $room)";

    internal const string RangeAscendingSql =
        $"SELECT {EventColumns} FROM events WHERE room_id = {RoomIdOf} AND id > $after AND id < $before ORDER BY id LIMIT $limit";

    internal const string RangeDescendingSql =
        $"SELECT {EventColumns} FROM events WHERE room_id = {RoomIdOf} AND id > $after AND id < $before ORDER BY id DESC LIMIT $limit";

    internal const string RecentMessagesSql =
        $"SELECT {EventColumns} FROM events WHERE room_id = {RoomIdOf} AND id < $before AND kind = 1 ORDER BY id DESC LIMIT $limit";

    internal const string RoomColumns =
        "r.key, r.epoch, r.last_id, coalesce((SELECT min(id) FROM events e WHERE e.room_id = r.room_id), 0), r.topic, r.created";

    internal const string GetRoomSql = $"SELECT {RoomColumns} FROM rooms r WHERE r.key = $room";

    /// <summary>Keys from '#' up to (not including) '$': the rooms, not the '@' conversations, by the key index.</summary>
    internal const string ListRoomsSql = $"SELECT {RoomColumns} FROM rooms r WHERE r.key >= '#' AND r.key < '$' ORDER BY r.key";

    /// <summary>A ref still within the dedupe window (the writer takes over older ones), with its event.</summary>
    internal const string FindLiveRefSql = SqliteStore.FindRefSql + " AND f.ts >= $cutoff";

    private readonly SqliteConnection connection;
    private readonly Statement findRef;
    private readonly Statement rangeAscending;
    private readonly Statement rangeDescending;
    private readonly Statement recentMessages;
    private readonly Statement getRoom;
    private readonly Statement listRooms;

    public SqliteReader(string path, TimeSpan busyTimeout)
    {
        connection = new SqliteConnection(SqliteSchema.ConnectionString(path, SqliteOpenMode.ReadWrite));
        try
        {
            connection.Open();
            SqliteStore.Configure(connection, cacheKib: 2 * 1024, busyTimeout);
            SqliteSchema.Execute(connection, "PRAGMA query_only = 1");
            findRef = new Statement(connection, FindLiveRefSql, "$sender", "$ref", "$cutoff");
            rangeAscending = new Statement(connection, RangeAscendingSql, "$room", "$after", "$before", "$limit");
            rangeDescending = new Statement(connection, RangeDescendingSql, "$room", "$after", "$before", "$limit");
            recentMessages = new Statement(connection, RecentMessagesSql, "$room", "$before", "$limit");
            getRoom = new Statement(connection, GetRoomSql, "$room");
            listRooms = new Statement(connection, ListRoomsSql);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public StoredEvent? FindRef(string sender, string reference, long cutoff)
    {
        using var reader = findRef.Bind(0, sender).Bind(1, reference).Bind(2, cutoff).Query();
        if (!reader.Read())
        {
            return null;
        }

        var room = reader.GetString(0);
        var id = reader.GetInt64(1);
        var ts = UnixMs.ToTime(reader.GetInt64(2));

        // Retention may have removed the event; the ref keeps what an acknowledgement needs.
        return reader.IsDBNull(3)
            ? new StoredEvent(room, id, ts, EventKind.Message, sender)
            : new StoredEvent(
                room, id, ts, (EventKind)reader.GetInt64(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7));
    }

    public IReadOnlyList<StoredEvent> Range(string room, long after, long before, int limit, ReadFrom from)
    {
        var statement = from == ReadFrom.Oldest ? rangeAscending : rangeDescending;
        var events = Events(room, statement.Bind(0, room).Bind(1, after).Bind(2, before).Bind(3, limit));
        if (from == ReadFrom.Newest)
        {
            events.Reverse();
        }

        return events;
    }

    public IReadOnlyList<StoredEvent> RecentMessages(string room, long before, int limit)
    {
        var events = Events(room, recentMessages.Bind(0, room).Bind(1, before).Bind(2, limit));
        events.Reverse();
        return events;
    }

    public RoomInfo? GetRoom(string room)
    {
        using var reader = getRoom.Bind(0, room).Query();
        return reader.Read() ? Room(reader) : null;
    }

    public IReadOnlyList<RoomInfo> ListRooms()
    {
        using var reader = listRooms.Query();
        var list = new List<RoomInfo>();
        while (reader.Read())
        {
            list.Add(Room(reader));
        }

        return list;
    }

    public void Dispose()
    {
        DisposeAccountQueries();
        findRef?.Dispose();
        rangeAscending?.Dispose();
        rangeDescending?.Dispose();
        recentMessages?.Dispose();
        getRoom?.Dispose();
        listRooms?.Dispose();
        connection.Dispose();
    }

    private static List<StoredEvent> Events(string room, Statement statement)
    {
        using var reader = statement.Query();
        var list = new List<StoredEvent>();
        while (reader.Read())
        {
            list.Add(new StoredEvent(
                room,
                reader.GetInt64(0),
                UnixMs.ToTime(reader.GetInt64(1)),
                (EventKind)reader.GetInt64(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetInt64(7)));
        }

        return list;
    }

    private static RoomInfo Room(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetInt64(2),
        reader.GetInt64(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        UnixMs.ToTime(reader.GetInt64(5)));
}
