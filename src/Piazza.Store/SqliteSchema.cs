using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Piazza.Store;

/// <summary>
/// The database layout, how it is recognised (<c>PRAGMA application_id</c>) and versioned
/// (<c>PRAGMA user_version</c>), the checks made before a file is touched, and the migrations.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>"PZZA": marks a file as Piazza's history. Never change it.</summary>
    public const int ApplicationId = 0x505A5A41;

    /// <summary>The schema version this build writes; <see cref="Steps"/> has one entry per version.</summary>
    public static int Version => Steps.Length;

    /// <summary>
    /// <c>Steps[n]</c> turns version n into version n+1. Append new steps; never edit a released one,
    /// because databases in the field already ran it.
    /// </summary>
    private static readonly string[][] Steps =
    [
        // 0 -> 1: rooms (one row per room key, with its id counter), events, refs for dedupe.
        [
            """
            CREATE TABLE rooms (
                room_id  INTEGER PRIMARY KEY,
                key      TEXT    NOT NULL UNIQUE,
                epoch    TEXT    NOT NULL,
                created  INTEGER NOT NULL,
                topic    TEXT,
                last_id  INTEGER NOT NULL DEFAULT 0
            )
            """,
            """
            CREATE TABLE events (
                room_id    INTEGER NOT NULL,
                id         INTEGER NOT NULL,
                ts         INTEGER NOT NULL,
                kind       INTEGER NOT NULL,
                user_name  TEXT    NOT NULL,
                body       TEXT,
                reason     TEXT,
                by_name    TEXT,
                PRIMARY KEY (room_id, id)
            ) WITHOUT ROWID
            """,
            """
            CREATE TABLE refs (
                sender   TEXT    NOT NULL,
                ref      TEXT    NOT NULL,
                room_id  INTEGER NOT NULL,
                id       INTEGER NOT NULL,
                ts       INTEGER NOT NULL,
                PRIMARY KEY (sender, ref)
            ) WITHOUT ROWID
            """,
            "CREATE INDEX refs_by_ts ON refs (ts)",
        ],

        // 1 -> 2: accounts (a password hash each, never a password), the rooms an account stays in,
        // the people of each direct conversation (filled from the conversations already stored),
        // bans and mutes, room operators, and the duration of a ban or mute event.
        [
            """
            CREATE TABLE accounts (
                name_key       TEXT    PRIMARY KEY,
                name           TEXT    NOT NULL,
                password_hash  TEXT    NOT NULL,
                created        INTEGER NOT NULL,
                last_seen      INTEGER NOT NULL
            ) WITHOUT ROWID
            """,
            """
            CREATE TABLE account_rooms (
                name_key  TEXT NOT NULL,
                room      TEXT NOT NULL,
                PRIMARY KEY (name_key, room)
            ) WITHOUT ROWID
            """,
            """
            CREATE TABLE participants (
                name_key  TEXT    NOT NULL,
                room_id   INTEGER NOT NULL,
                PRIMARY KEY (name_key, room_id)
            ) WITHOUT ROWID
            """,
            """
            INSERT OR IGNORE INTO participants (name_key, room_id)
            SELECT substr(key, 2, instr(substr(key, 2), '@') - 1), room_id FROM rooms WHERE substr(key, 1, 1) = '@'
            UNION ALL
            SELECT substr(key, instr(substr(key, 2), '@') + 2), room_id FROM rooms WHERE substr(key, 1, 1) = '@'
            """,
            """
            CREATE TABLE sanctions (
                scope       TEXT    NOT NULL,
                kind        INTEGER NOT NULL,
                target      TEXT    NOT NULL,
                by_address  INTEGER NOT NULL,
                until       INTEGER,
                by_name     TEXT    NOT NULL,
                reason      TEXT,
                created     INTEGER NOT NULL,
                PRIMARY KEY (scope, kind, target, by_address)
            ) WITHOUT ROWID
            """,
            """
            CREATE TABLE operators (
                room      TEXT NOT NULL,
                name_key  TEXT NOT NULL,
                PRIMARY KEY (room, name_key)
            ) WITHOUT ROWID
            """,
            "ALTER TABLE events ADD COLUMN duration INTEGER",
        ],
    ];

    /// <summary>
    /// The wrapper's own retry on a busy database (on top of SQLite's busy_timeout) is cut to its
    /// least, one second: how long to wait for a lock is the store's busy timeout, not the wrapper's 30 s.
    /// </summary>
    internal const int BusyRetrySeconds = 1;

    private static ReadOnlySpan<byte> SqliteHeader => "SQLite format 3\0"u8;

    /// <summary>Creates the file's directory if it is missing.</summary>
    public static void EnsureDirectory(string path)
    {
        var directory = System.IO.Path.GetDirectoryName(path);
        if (string.IsNullOrEmpty(directory) || Directory.Exists(directory))
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new StoreOpenException(
                $"The data directory {directory} cannot be created ({e.Message.TrimEnd('.')}); create it or choose another --data-dir.", e);
        }
    }

    /// <summary>
    /// Refuses a file that is not ours to open, before anything writes to it: not SQLite, corrupt,
    /// another application's, or a newer schema. Reads only; a missing or empty file passes.
    /// </summary>
    public static void Inspect(string path, TimeSpan busyTimeout)
    {
        if (Directory.Exists(path))
        {
            throw new StoreOpenException($"{path} is a directory, not a database file; move it away or choose another --data-dir.");
        }

        if (!File.Exists(path))
        {
            return;
        }

        Span<byte> header = stackalloc byte[100];
        int read;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (file.Length == 0)
            {
                return;
            }

            read = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StoreOpenException($"{path} cannot be read ({e.Message.TrimEnd('.')}); check its permissions or choose another --data-dir.", e);
        }

        if (read < header.Length || !header.StartsWith(SqliteHeader))
        {
            throw NotSqlite(path);
        }

        int applicationId, userVersion;
        List<string> tables;
        var problems = new List<string>();
        try
        {
            using var connection = new SqliteConnection(ConnectionString(path, SqliteOpenMode.ReadOnly));
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}");
            applicationId = Convert.ToInt32(Scalar(connection, "PRAGMA application_id"), CultureInfo.InvariantCulture);
            userVersion = Convert.ToInt32(Scalar(connection, "PRAGMA user_version"), CultureInfo.InvariantCulture);
            tables = Strings(connection, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!'");
            if (applicationId == ApplicationId && userVersion <= Version)
            {
                problems = Strings(connection, "PRAGMA quick_check(1)");
            }
        }
        catch (SqliteException e)
        {
            throw Unreadable(path, e);
        }

        if (applicationId != ApplicationId)
        {
            if (applicationId != 0)
            {
                throw new StoreOpenException(
                    $"{path} belongs to another application (application_id 0x{applicationId:X8}); move it away or choose another --data-dir.");
            }

            if (tables.Count > 0)
            {
                throw new StoreOpenException(
                    $"{path} is not a Piazza database (it holds other tables); move it away or choose another --data-dir.");
            }

            return; // An empty SQLite database: nothing to lose, it becomes ours.
        }

        if (userVersion > Version)
        {
            throw new StoreOpenException(
                $"{path} was written by a newer Piazza (schema version {userVersion}, this build knows up to {Version}); upgrade Piazza or choose another --data-dir.");
        }

        if (problems.Count != 1 || problems[0] != "ok")
        {
            throw Corrupt(path, OneLine(problems.FirstOrDefault() ?? "no answer from quick_check"));
        }
    }

    /// <summary>Brings an open, writable database to <see cref="Version"/>; returns the version it had.</summary>
    public static int Migrate(SqliteConnection connection, string path)
    {
        Execute(connection, "BEGIN IMMEDIATE");
        try
        {
            var applicationId = Convert.ToInt32(Scalar(connection, "PRAGMA application_id"), CultureInfo.InvariantCulture);
            var from = Convert.ToInt32(Scalar(connection, "PRAGMA user_version"), CultureInfo.InvariantCulture);
            if (applicationId != ApplicationId)
            {
                // Not ours yet: only an empty database may become ours, and it starts from nothing
                // whatever user_version it carries. (Checked again here: the file may have changed
                // since it was inspected.)
                if (applicationId != 0)
                {
                    throw new StoreOpenException(
                        $"{path} belongs to another application (application_id 0x{applicationId:X8}); move it away or choose another --data-dir.");
                }

                if (Convert.ToInt64(Scalar(connection, "SELECT count(*) FROM sqlite_schema"), CultureInfo.InvariantCulture) > 0)
                {
                    throw new StoreOpenException(
                        $"{path} is not a Piazza database (it holds other tables); move it away or choose another --data-dir.");
                }

                from = 0;
            }

            if (from > Version)
            {
                throw new StoreOpenException(
                    $"{path} was written by a newer Piazza (schema version {from}, this build knows up to {Version}); upgrade Piazza or choose another --data-dir.");
            }

            for (var version = from; version < Version; version++)
            {
                foreach (var statement in Steps[version])
                {
                    Execute(connection, statement);
                }
            }

            if (from != Version || applicationId != ApplicationId)
            {
                Execute(connection, $"PRAGMA application_id = {ApplicationId}");
                Execute(connection, $"PRAGMA user_version = {Version}");
            }

            Execute(connection, "COMMIT");
            return from;
        }
        catch
        {
            // SQLite may have rolled back already (a full disk does): then there is nothing to undo.
            if (SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) == 0)
            {
                Execute(connection, "ROLLBACK");
            }

            throw;
        }
    }

    public static string ConnectionString(string path, SqliteOpenMode mode) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = mode,

        // Each store owns its connections; pooling would keep the file open after DisposeAsync.
        Pooling = false,
    }.ToString();

    /// <summary>The StoreOpenException for a SQLite error met while opening.</summary>
    public static StoreOpenException Unreadable(string path, SqliteException e) => e.SqliteErrorCode switch
    {
        26 => NotSqlite(path, e), // SQLITE_NOTADB
        11 => Corrupt(path, Reason(e), e), // SQLITE_CORRUPT
        5 or 6 => new StoreOpenException(
            $"{path} is locked by another process (is another Piazza server using this --data-dir?).", e), // BUSY, LOCKED
        8 => new StoreOpenException($"{path} is read-only; make it and its directory writable or choose another --data-dir.", e), // READONLY
        14 => new StoreOpenException(
            $"{path} cannot be opened ({Reason(e)}); check that it and its directory are readable and writable.", e), // CANTOPEN
        _ => new StoreOpenException($"{path} cannot be used ({Reason(e)}); move it away or choose another --data-dir.", e),
    };

    /// <summary>SQLite's own words for an error, without the wrapper's "SQLite Error N:" and quotes.</summary>
    public static string Reason(SqliteException e)
    {
        var message = e.Message;
        var quote = message.IndexOf('\'', StringComparison.Ordinal);
        return quote >= 0 && message.LastIndexOf('\'') > quote
            ? message[(quote + 1)..message.LastIndexOf('\'')]
            : message;
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = BusyRetrySeconds;
        command.ExecuteNonQuery();
    }

    public static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = BusyRetrySeconds;
        return command.ExecuteScalar();
    }

    private static List<string> Strings(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = BusyRetrySeconds;
        using var reader = command.ExecuteReader();
        var list = new List<string>();
        while (reader.Read())
        {
            list.Add(reader.GetString(0));
        }

        return list;
    }

    /// <summary>quick_check's first finding on one short line, without its "*** in database main ***" heading.</summary>
    private static string OneLine(string problem)
    {
        var lines = problem.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("***", StringComparison.Ordinal));
        var text = string.Join("; ", lines).TrimEnd('.');
        return text.Length <= 160 ? text : text[..157] + "...";
    }

    private static StoreOpenException NotSqlite(string path, Exception? inner = null) => new(
        $"{path} is not a SQLite database; move it away or choose another --data-dir.", inner!);

    private static StoreOpenException Corrupt(string path, string problem, Exception? inner = null) => new(
        $"{path} is corrupt ({problem}); restore it from a backup or move it away.", inner!);
}
