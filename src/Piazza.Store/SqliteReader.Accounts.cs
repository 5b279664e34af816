namespace Piazza.Store;

/// <summary>The account queries of one read connection, prepared the first time each is used (they are rare).</summary>
internal sealed partial class SqliteReader
{
    internal const string FindAccountSql = "SELECT name, password_hash, created, last_seen FROM accounts WHERE name_key = $name";

    internal const string AccountRoomsSql = "SELECT room FROM account_rooms WHERE name_key = $name ORDER BY room";

    /// <summary>The person's conversations whose newest event is later than $after, newest first.</summary>
    internal const string ConversationsSql =
        "SELECT r.key FROM participants p JOIN rooms r ON r.room_id = p.room_id " +
        "JOIN events e ON e.room_id = r.room_id AND e.id = r.last_id " +
        "WHERE p.name_key = $name AND e.ts > $after ORDER BY e.ts DESC, r.key LIMIT $limit";

    internal const string SanctionsSql = "SELECT scope, kind, target, by_address, until, by_name, reason, created FROM sanctions";

    internal const string OperatorsSql = "SELECT room, name_key FROM operators";

    private Statement? findAccount;
    private Statement? accountRooms;
    private Statement? conversations;
    private Statement? sanctions;
    private Statement? operators;

    public Account? FindAccount(string nameKey)
    {
        findAccount ??= new Statement(connection, FindAccountSql, "$name");
        using var reader = findAccount.Bind(0, nameKey).Query();
        return reader.Read()
            ? new Account(reader.GetString(0), reader.GetString(1), UnixMs.ToTime(reader.GetInt64(2)), UnixMs.ToTime(reader.GetInt64(3)))
            : null;
    }

    public IReadOnlyList<string> AccountRooms(string nameKey)
    {
        accountRooms ??= new Statement(connection, AccountRoomsSql, "$name");
        return Strings(accountRooms.Bind(0, nameKey));
    }

    public IReadOnlyList<string> Conversations(string nameKey, long after, int limit)
    {
        conversations ??= new Statement(connection, ConversationsSql, "$name", "$after", "$limit");
        return Strings(conversations.Bind(0, nameKey).Bind(1, after).Bind(2, limit));
    }

    public IReadOnlyList<Sanction> Sanctions()
    {
        sanctions ??= new Statement(connection, SanctionsSql);
        using var reader = sanctions.Query();
        var list = new List<Sanction>();
        while (reader.Read())
        {
            var key = new SanctionKey(reader.GetString(0), (SanctionKind)reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3) != 0);
            list.Add(new Sanction(
                key,
                reader.IsDBNull(4) ? null : UnixMs.ToTime(reader.GetInt64(4)),
                reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                UnixMs.ToTime(reader.GetInt64(7))));
        }

        return list;
    }

    public IReadOnlyList<RoomOperator> Operators()
    {
        operators ??= new Statement(connection, OperatorsSql);
        using var reader = operators.Query();
        var list = new List<RoomOperator>();
        while (reader.Read())
        {
            list.Add(new RoomOperator(reader.GetString(0), reader.GetString(1)));
        }

        return list;
    }

    private static List<string> Strings(Statement statement)
    {
        using var reader = statement.Query();
        var list = new List<string>();
        while (reader.Read())
        {
            list.Add(reader.GetString(0));
        }

        return list;
    }

    private void DisposeAccountQueries()
    {
        findAccount?.Dispose();
        accountRooms?.Dispose();
        conversations?.Dispose();
        sanctions?.Dispose();
        operators?.Dispose();
    }
}
