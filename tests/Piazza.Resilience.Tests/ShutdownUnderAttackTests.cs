using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Piazza.Resilience.Tests.Support;

namespace Piazza.Resilience.Tests;

/// <summary>
/// A graceful stop (§4) while the server is under every load at once: idle attackers holding
/// connections, a flooder, and a member behind a link that takes no bytes. Healthy members get
/// <c>shutdown</c> and no <c>left</c>; the stop completes and releases every connection.
/// </summary>
public sealed class ShutdownUnderAttackTests(ITestOutputHelper output)
{
    private const int Members = 5;
    private const int FloodFrames = 8000;

    [Fact]
    public async Task Stopping_while_attacked_tells_every_healthy_member_and_releases_every_connection()
    {
        // Queues big enough that nobody is evicted as slow: the member behind the stalled link must
        // still be there, its writer stuck in a send, when the stop comes. The log keeps
        // Information and up: Debug lines hold every message text, megabytes of them here.
        await using var server = await TestServer.StartAsync(
            o => o with { RateBurst = 100_000, RatePerSecond = 100_000, SendQueueBytes = 64 << 20 },
            minimumLogLevel: LogLevel.Information);
        await using var proxy = FaultProxy.Start(server.EndPoint);
        var members = new List<Peer>();
        for (var i = 0; i < Members; i++)
        {
            members.Add(await Peer.JoinAsync(server.EndPoint, $"member{i}", keepFrames: false));
        }

        await using var stuck = await Peer.JoinAsync(proxy.EndPoint, "stuck", keepFrames: false);
        (await proxy.ConnectionOfAsync(stuck.Client.Socket)).Stall(ProxyDirection.ServerToClient);
        await using var flooder = await Peer.JoinAsync(server.EndPoint, "flooder", keepFrames: false);
        var attackers = new List<Socket>();
        for (var i = 0; i < 200; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(server.EndPoint, TestContext.Current.CancellationToken);
            attackers.Add(socket);
        }

        await Eventually.TrueAsync(() => server.Server.ConnectionCount == Members + 202, what: "every connection accepted");
        var flood = new StringBuilder();
        var padding = new string('f', 1990);
        for (var i = 0; i < FloodFrames; i++)
        {
            flood.Append("{\"type\":\"say\",\"text\":\"").Append(padding).Append("\"}\n");
        }

        // 16 MB: more than the kernel buffers on the stalled path hold, so its writer is stuck.
        var flooding = flooder.Client.SendRawAsync(Encoding.UTF8.GetBytes(flood.ToString()));
        await Eventually.TrueAsync(() => members.All(m => m.EventIds.Count >= FloodFrames), TimeSpan.FromSeconds(60), "the flood to reach every member");
        // A second wave, still being read when the stop comes.
        var second = flooder.Client.SendRawAsync(Encoding.UTF8.GetBytes(flood.ToString()));
        await Eventually.TrueAsync(() => members[0].EventIds.Count >= FloodFrames + 100, what: "the second wave to start");

        var clock = Stopwatch.StartNew();
        await server.Server.StopAsync(TestContext.Current.CancellationToken);
        var took = clock.Elapsed;

        Assert.Equal(0, server.Server.ConnectionCount);
        foreach (var member in members)
        {
            await member.Client.Completion.WaitAsync(Eventually.DefaultTimeout, TestContext.Current.CancellationToken);
            Assert.Single(member.Frames.OfType<ShutdownFrame>());
            Assert.Empty(member.Frames.OfType<LeftFrame>());
            Assert.Null(member.Client.InvalidFrame);
        }

        try
        {
            await flooding;
            await second;
        }
        catch (SocketException)
        {
            // The server closed while the flood was still being written: expected.
        }

        foreach (var socket in attackers)
        {
            socket.Dispose();
        }

        foreach (var member in members)
        {
            await member.DisposeAsync();
        }

        Assert.Empty(server.Logs.Problems);
        Figures.Report(output, "shutdown under attack", $"stop with {Members} members, a flooder mid-flood, a member behind a stalled link and 200 idle attackers: done in {took.TotalSeconds:0.00} s (contract: within 2 s); all {Members} members got shutdown and no left; the stalled member, its writer stuck in a send, was cut when the 1 s grace ran out");
    }
}
