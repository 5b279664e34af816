using Piazza.Protocol;
using Piazza.Redis.Tests.Support;
using Piazza.Testing;

namespace Piazza.Redis.Tests;

/// <summary>A guest's name is one across the nodes.</summary>
public sealed class NameLeaseTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_name_taken_on_one_node_is_taken_on_the_others_and_free_everywhere_once_its_guest_left()
    {
        Assert.SkipWhen(RedisServer.Missing is not null, RedisServer.Missing ?? "");
        await using var redis = await RedisServer.StartAsync();
        var nodes = await Nodes.StartAsync(redis, 3);
        try
        {
            await using var first = await nodes[0].ConnectAsync();
            await first.JoinAsync("Ada");

            foreach (var node in nodes)
            {
                await using var second = await node.ConnectAsync();
                await second.SendAsync(new HelloFrame("ada", Client: "piazza-tests"));
                var refusal = await second.ExpectAsync<ErrorFrame>();
                Assert.Equal("username_taken", refusal.Code);
            }

            await first.SendAsync(new ByeFrame());
            await first.ReadToEndAsync();
            await using var later = await RetryJoinAsync(nodes[2], "ada");
        }
        finally
        {
            await Nodes.StopAsync(nodes);
        }
    }

    [Fact]
    public async Task Two_nodes_asked_for_one_name_at_the_same_instant_give_it_to_exactly_one()
    {
        Assert.SkipWhen(RedisServer.Missing is not null, RedisServer.Missing ?? "");
        await using var redis = await RedisServer.StartAsync();
        var nodes = await Nodes.StartAsync(redis, 2);
        try
        {
            const int Rounds = 20;
            for (var round = 0; round < Rounds; round++)
            {
                var name = $"race{round}";
                var clients = await Task.WhenAll(nodes.Select(n => n.ConnectAsync()));
                // Both hellos leave together; each node checks its own members, then claims the name in Redis.
                await Task.WhenAll(clients.Select(c => c.SendAsync(new HelloFrame(name, Client: "piazza-tests"))));
                var answers = await Task.WhenAll(clients.Select(c => c.ExpectAsync<Frame>(f => f is WelcomeFrame or ErrorFrame)));

                Assert.Equal(1, answers.Count(a => a is WelcomeFrame));
                Assert.Equal(1, answers.Count(a => a is ErrorFrame { Code: "username_taken" }));
                foreach (var c in clients)
                {
                    await c.DisposeAsync();
                }
            }

            output.WriteLine($"{Rounds} races of two nodes for one name: exactly one winner each time.");
        }
        finally
        {
            await Nodes.StopAsync(nodes);
        }
    }

    /// <summary>The leaver's lease is let go a moment after its bye: tries until the name is free.</summary>
    private static async Task<RawClient> RetryJoinAsync(TestServer node, string name)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var client = await node.ConnectAsync();
            await client.SendAsync(new HelloFrame(name, Client: "piazza-tests"));
            var answer = await client.ExpectAsync<Frame>(f => f is WelcomeFrame or ErrorFrame);
            if (answer is WelcomeFrame)
            {
                return client;
            }

            await client.DisposeAsync();
            Assert.Equal("username_taken", ((ErrorFrame)answer).Code);
            guard.Token.ThrowIfCancellationRequested();
            await Task.Delay(100, guard.Token);
        }
    }
}
