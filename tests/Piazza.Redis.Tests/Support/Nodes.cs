using Piazza.Testing;

namespace Piazza.Redis.Tests.Support;

/// <summary>Chat server nodes in this process, all on one Redis.</summary>
public static class Nodes
{
    public static async Task<TestServer[]> StartAsync(RedisServer redis, int count)
    {
        var nodes = new TestServer[count];
        for (var i = 0; i < count; i++)
        {
            nodes[i] = await TestServer.StartAsync(o => o with { Store = redis.Url });
        }

        return nodes;
    }

    public static async Task StopAsync(IEnumerable<TestServer> nodes)
    {
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }
    }
}
