using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Piazza.Store.Tests.Support;

/// <summary>Plain SQLite connections to a file, as another program (or an operator) would open one.</summary>
public static class RawSqlite
{
    public static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public static void Run(this SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static long Number(this SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public static void Run(string path, params string[] statements)
    {
        using var connection = Open(path);
        foreach (var sql in statements)
        {
            connection.Run(sql);
        }
    }
}
