using Microsoft.Extensions.Logging;
using Piazza.Store;

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
            _ => throw new ServerStartException($"--store must be sqlite or memory ('{options.Store}' is not)."),
        };
    }
}
