using Microsoft.Extensions.Logging;
using Piazza.Store;
using Piazza.Store.Redis;

namespace Piazza.Server.Hosting;

/// <summary>Makes the store <c>--store</c> names, with the retention and sync options.</summary>
internal static class StoreFactory
{
    /// <summary>The database file's name in the data directory.</summary>
    public const string DatabaseFile = "piazza.db";

    public static IEventStore Create(ServerOptions options, ILoggerFactory loggers, TimeProvider time)
    {
        var storeOptions = new StoreOptions
        {
            RetentionDays = options.RetentionDays,
            RetentionEvents = options.RetentionEvents,
            Committed = ServerMetrics.Committed,
        };

        return options.Store switch
        {
            StoreNames.Memory => new MemoryStore(storeOptions, time),
            StoreNames.Sqlite => new SqliteStore(
                new SqliteStoreOptions(Path.Combine(options.ResolvedDataDir, DatabaseFile)) { Sync = options.Sync, Store = storeOptions },
                loggers.CreateLogger("Piazza.Store"),
                time),
            var url when RedisAddress.TryParse(url, out var address, out _) => new RedisStore(
                new RedisStoreOptions(address!) { Store = storeOptions },
                loggers.CreateLogger("Piazza.Store.Redis"),
                time),
            _ => throw new ServerStartException($"--store must be sqlite, memory or a Redis URL ('{options.Store}' is not)."),
        };
    }
}
