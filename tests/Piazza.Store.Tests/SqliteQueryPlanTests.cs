using Piazza.Store.Tests.Support;

namespace Piazza.Store.Tests;

/// <summary>
/// Every hot query finds its rows through a key, so its cost follows the rows it returns and not
/// the size of the history (a page of 200 from a room of a million events reads 200 rows). Checked
/// through SQLite's query plans rather than with a clock.
/// </summary>
public sealed class SqliteQueryPlanTests : IAsyncLifetime
{
    private readonly SqliteFiles files = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => files.DisposeAsync();

    public static TheoryData<string, string> Queries => new()
    {
        { SqliteReader.RangeAscendingSql, "SEARCH events USING PRIMARY KEY (room_id=? AND id>? AND id<?)" },
        { SqliteReader.RangeDescendingSql, "SEARCH events USING PRIMARY KEY (room_id=? AND id>? AND id<?)" },
        { SqliteReader.RecentMessagesSql, "SEARCH events USING PRIMARY KEY (room_id=? AND id<?)" },
        { SqliteReader.GetRoomSql, "SEARCH r USING INDEX sqlite_autoindex_rooms_1 (key=?)" },
        { SqliteReader.ListRoomsSql, "SEARCH r USING INDEX sqlite_autoindex_rooms_1 (key>? AND key<?)" },
        { SqliteStore.FindRefSql, "SEARCH f USING PRIMARY KEY (sender=? AND ref=?)" },
        { SqliteStore.ExpireRefsSql, "SEARCH refs USING COVERING INDEX refs_by_ts (ts<?)" },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task A_hot_query_uses_its_key_and_scans_no_table(string sql, string expected)
    {
        await using (var store = files.Create())
        {
            await store.OpenAsync();
        }

        using var raw = RawSqlite.Open(files.DbPath);
        using var command = raw.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var name in new[] { "$room", "$after", "$before", "$limit", "$sender", "$ref", "$cutoff" })
        {
            if (sql.Contains(name, StringComparison.Ordinal))
            {
                command.Parameters.AddWithValue(name, 1);
            }
        }

        var plan = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                plan.Add(reader.GetString(3));
            }
        }

        Assert.Contains(expected, plan);
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN", StringComparison.Ordinal));
    }
}
