using Microsoft.Data.Sqlite;

namespace Piazza.Store;

/// <summary>
/// A prepared command whose parameters are set by position: the writer runs the same few
/// statements hundreds of thousands of times, so nothing is looked up by name or re-parsed.
/// </summary>
internal sealed class Statement : IDisposable
{
    private readonly SqliteCommand command;
    private readonly SqliteParameter[] parameters;

    public Statement(SqliteConnection connection, string sql, params string[] names)
    {
        command = connection.CreateCommand();
        command.CommandText = sql;

        // Busy waits happen in SQLite's own handler (busy_timeout), not in the wrapper's retry loop.
        command.CommandTimeout = SqliteSchema.BusyRetrySeconds;
        parameters = new SqliteParameter[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            parameters[i] = command.Parameters.Add(new SqliteParameter(names[i], DBNull.Value));
        }

        command.Prepare();
    }

    public Statement Bind(int index, long value)
    {
        parameters[index].Value = value;
        return this;
    }

    public Statement Bind(int index, long? value)
    {
        parameters[index].Value = (object?)value ?? DBNull.Value;
        return this;
    }

    public Statement Bind(int index, string? value)
    {
        parameters[index].Value = (object?)value ?? DBNull.Value;
        return this;
    }

    /// <summary>Runs the statement; returns the number of rows it changed.</summary>
    public int Execute() => command.ExecuteNonQuery();

    public long ExecuteScalarInt64() => Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Null when the query returned no row or a null.</summary>
    public long? ExecuteScalarInt64OrNull() => command.ExecuteScalar() is long value ? value : null;

    public SqliteDataReader Query() => command.ExecuteReader();

    public void Dispose() => command.Dispose();
}
