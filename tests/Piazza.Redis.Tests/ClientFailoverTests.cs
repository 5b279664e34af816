using System.Collections.Concurrent;
using Piazza.Client.Core;
using Piazza.Redis.Tests.Support;
using Piazza.Testing;

namespace Piazza.Redis.Tests;

/// <summary>The client library given several nodes' addresses moves to the next when its node dies, and catches up exactly.</summary>
public sealed class ClientFailoverTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_client_given_two_nodes_moves_to_the_other_when_its_node_is_killed_and_misses_nothing()
    {
        Assert.SkipWhen(RedisServer.Missing is not null, RedisServer.Missing ?? "");
        await using var redis = await RedisServer.StartAsync();
        var port = Ports.Free();
        await using var doomed = ServerProcess.Start("--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--store", redis.Url);
        await doomed.WaitUntilListeningAsync();
        await using var other = await TestServer.StartAsync(o => o with { Store = redis.Url });

        await using var alice = new ChatClient();
        var handed = new ConcurrentQueue<MessageReceived>();
        var rejoined = new TaskCompletionSource<WelcomeInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
        alice.EventRaised += (_, e) =>
        {
            if (e is MessageReceived m && m.Room == "#f")
            {
                handed.Enqueue(m);
            }
            else if (e is Joined { IsReconnect: true } j)
            {
                rejoined.TrySetResult(j.Welcome);
            }
        };
        var options = new ChatConnectionOptions
        {
            Host = $"127.0.0.1:{port},127.0.0.1:{other.Port}",
            Port = port,
            Username = "alice",
            Rooms = ["#f"],
            CursorStore = new MemoryCursorStore(),
            Reconnect = new ReconnectPolicy(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), 0.2),
        };
        Assert.True((await alice.ConnectAsync(options)).Succeeded);

        await using var bob = await other.ConnectAsync();
        await bob.EnterAsync("bob", "#f");
        var sent = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            sent.Add($"before {i}");
            await bob.SayInAsync("#f", sent[^1]);
        }

        await Eventually.TrueAsync(() => handed.Count == 10, TimeSpan.FromSeconds(30), "alice has the first ten");
        doomed.Signal(Signals.SigKill);
        for (var i = 0; i < 10; i++)
        {
            sent.Add($"while away {i}");
            await bob.SayInAsync("#f", sent[^1]);
        }

        var welcome = await rejoined.Task.WaitAsync(TimeSpan.FromSeconds(60));
        for (var i = 0; i < 5; i++)
        {
            sent.Add($"after {i}");
            await bob.SayInAsync("#f", sent[^1]);
        }

        await Eventually.TrueAsync(() => handed.Count >= sent.Count, TimeSpan.FromSeconds(30), "alice has every message");
        output.WriteLine($"alice moved to port {welcome.Port}; handed {handed.Count} of {sent.Count} messages");
        Assert.Equal(other.Port, welcome.Port);
        Assert.Equal(sent, handed.Select(m => m.Text));
        var ids = handed.Select(m => m.Id).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Distinct().Count(), ids.Count);
    }
}
