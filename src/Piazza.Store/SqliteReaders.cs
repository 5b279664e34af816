using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Piazza.Store;

/// <summary>
/// A small pool of read connections. In WAL mode they read beside the writer, each statement on
/// a snapshot of what was committed when it started.
/// </summary>
internal sealed class SqliteReaders(string path, TimeSpan busyTimeout) : IDisposable
{
    /// <summary>How many idle connections are kept; more are opened under load and closed after.</summary>
    private const int MaxIdle = 4;

    private readonly ConcurrentBag<SqliteReader> idle = [];
    private int idleCount;
    private volatile bool disposed;

    public T Run<T>(Func<SqliteReader, T> work)
    {
        if (disposed)
        {
            throw new StoreUnavailableException($"{path} is closed.");
        }

        SqliteReader reader;
        try
        {
            reader = Rent();
        }
        catch (SqliteException e)
        {
            throw Unavailable(e);
        }

        try
        {
            var result = work(reader);
            Return(reader);
            return result;
        }
        catch (SqliteException e)
        {
            // The connection may be in any state after a failure: it is not reused.
            reader.Dispose();
            throw Unavailable(e);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        disposed = true;
        while (idle.TryTake(out var reader))
        {
            reader.Dispose();
        }
    }

    private SqliteReader Rent()
    {
        if (idle.TryTake(out var reader))
        {
            Interlocked.Decrement(ref idleCount);
            return reader;
        }

        return new SqliteReader(path, busyTimeout);
    }

    private void Return(SqliteReader reader)
    {
        if (disposed || Interlocked.Increment(ref idleCount) > MaxIdle)
        {
            Interlocked.Decrement(ref idleCount);
            reader.Dispose();
            return;
        }

        idle.Add(reader);
        if (disposed && idle.TryTake(out var late))
        {
            late.Dispose();
        }
    }

    private StoreUnavailableException Unavailable(SqliteException e) =>
        new($"{path} cannot be read right now: {SqliteSchema.Reason(e)}", e);
}
