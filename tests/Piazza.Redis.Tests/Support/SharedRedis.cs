using Piazza.Redis.Tests.Support;

[assembly: AssemblyFixture(typeof(SharedRedis))]

namespace Piazza.Redis.Tests.Support;

/// <summary>
/// One redis-server for the whole assembly's contract tests: each store under test gets its own
/// key prefix, so they never see each other's data. Tests that stop or kill Redis start their own.
/// </summary>
public sealed class SharedRedis : IAsyncLifetime
{
    private RedisServer? server;

    public RedisServer Server => server ?? throw new InvalidOperationException(RedisServer.Missing ?? "Redis did not start.");

    public async ValueTask InitializeAsync()
    {
        if (RedisServer.Missing is null)
        {
            server = await RedisServer.StartAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (server is { } s)
        {
            await s.DisposeAsync();
        }
    }

    /// <summary>A fresh key prefix: a chat of its own on the shared server.</summary>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..10] + ":";
}
