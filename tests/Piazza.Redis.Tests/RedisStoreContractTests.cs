using Microsoft.Extensions.Logging.Abstractions;
using Piazza.Redis.Tests.Support;
using Piazza.Store.Redis;
using Piazza.Store.Tests;

namespace Piazza.Redis.Tests;

/// <summary>The store contract (the same tests SQLite and memory pass) on a real Redis.</summary>
public sealed class RedisStoreContractTests(SharedRedis redis) : StoreContractTests
{
    protected override IEventStore Create(StoreOptions options) =>
        new RedisStore(new RedisStoreOptions(redis.Server.Address) { Prefix = SharedRedis.NewPrefix(), Store = options }, NullLogger.Instance, Time);

    /// <summary>The Redis store trims by count at every append and by age in a maintenance pass (every minute).</summary>
    protected override Task ApplyRetentionAsync(IEventStore store) => ((RedisStore)store).RunMaintenanceAsync();
}

/// <summary>The account store contract on a real Redis.</summary>
public sealed class RedisAccountStoreContractTests(SharedRedis redis) : AccountStoreContractTests
{
    protected override IEventStore Create() =>
        new RedisStore(new RedisStoreOptions(redis.Server.Address) { Prefix = SharedRedis.NewPrefix() }, NullLogger.Instance, Time);
}
