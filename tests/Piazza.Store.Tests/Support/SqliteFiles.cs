using Microsoft.Extensions.Time.Testing;

namespace Piazza.Store.Tests.Support;

/// <summary>A temp directory holding one database file, and SQLite stores opened on it (all disposed with it).</summary>
public sealed class SqliteFiles : IAsyncDisposable
{
    private readonly TempDirectory directory = new();
    private readonly List<SqliteStore> opened = [];

    public SqliteFiles(FakeTimeProvider? time = null)
    {
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
        DbPath = directory.File("piazza.db");
    }

    public FakeTimeProvider Time { get; }

    public ListLogger Logger { get; } = new();

    public string DbPath { get; }

    public TempDirectory Directory => directory;

    public SqliteStore Create(StoreOptions? options = null, string? path = null, TimeSpan? busyTimeout = null, SyncMode sync = SyncMode.Full)
    {
        var store = new SqliteStore(
            new SqliteStoreOptions(path ?? DbPath)
            {
                Store = options ?? new StoreOptions(),
                BusyTimeout = busyTimeout ?? TimeSpan.FromSeconds(2),
                Sync = sync,
            },
            Logger,
            Time);
        opened.Add(store);
        return store;
    }

    public async Task<SqliteStore> OpenAsync(StoreOptions? options = null, string? path = null, TimeSpan? busyTimeout = null)
    {
        var store = Create(options, path, busyTimeout);
        await store.OpenAsync();
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in opened)
        {
            await store.DisposeAsync();
        }

        directory.Dispose();
    }
}
