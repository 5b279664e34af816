using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Piazza.Resilience.Tests.Support;

namespace Piazza.Resilience.Tests;

/// <summary>
/// Slowloris: hundreds of connections that never join, some silent, some dribbling a hello one
/// byte a second. The hello timeout closes every one, and a real member chats throughout.
/// </summary>
public sealed class SlowlorisTests(ITestOutputHelper output)
{
    private const int Attackers = 500;

    [Fact]
    public async Task Five_hundred_connections_that_never_finish_a_hello_are_all_closed_while_a_member_chats()
    {
        // Flood control off the probe's path: the figure is the room's latency, not the token bucket's.
        await using var server = await TestServer.StartAsync(o => o with { HelloTimeout = TimeSpan.FromSeconds(2), RateBurst = 100, RatePerSecond = 1000 });
        var endPoint = server.EndPoint;
        await using var member = await Peer.JoinAsync(endPoint, "member");
        await using var listener = await Peer.JoinAsync(endPoint, "listener");
        var unloaded = await LatencyProbe.RoundTripsAsync(member, listener, "calm", 20);

        using var stop = new CancellationTokenSource();
        var attack = Enumerable.Range(0, Attackers)
            .Select(i => AttackAsync(endPoint, dribble: i % 2 == 1, stop.Token))
            .ToArray();
        var peak = 0;
        await Eventually.TrueAsync(
            () => (peak = Math.Max(peak, server.Server.ConnectionCount)) >= Attackers + 2,
            what: $"all {Attackers} attackers connected (server holds {server.Server.ConnectionCount})");

        // While the attack holds its connections, a newcomer joins and the room chats.
        await using var newcomer = await Peer.JoinAsync(endPoint, "newcomer");
        var underAttack = await LatencyProbe.RoundTripsAsync(member, newcomer, "storm", 20);
        var stillHeld = server.Server.ConnectionCount;

        var outcomes = await Task.WhenAll(attack).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await stop.CancelAsync();

        Assert.All(outcomes, o => Assert.True(o.Closed, "an attacker was never closed"));
        Assert.All(outcomes.Where(o => !o.Dribbled), o => Assert.True(o.GotHelloTimeout, "a silent attacker was closed without hello_timeout"));
        var dribblersTold = outcomes.Count(o => o.Dribbled && o.GotHelloTimeout);
        await Eventually.TrueAsync(() => server.Server.ConnectionCount == 3, what: "only the three members left");
        Assert.Equal(3, server.Server.MemberCount);
        Assert.Empty(server.Logs.Problems);

        var closedAfter = outcomes.Select(o => o.ClosedAfter.TotalMilliseconds).ToArray();
        Figures.Report(output, "slowloris", $"{Attackers} attackers ({Attackers / 2} silent, {Attackers / 2} sending hello at 1 byte/s) held at once (server peak {peak} connections, {stillHeld} while the newcomer chatted)");
        Figures.Report(output, "slowloris", $"all closed by the 2 s hello timeout: median {Figures.Ms(Figures.Median(closedAfter))}, last {Figures.Ms(closedAfter.Max())} after connecting; hello_timeout received by {Attackers / 2} silent and {dribblersTold} dribbling attackers");
        Figures.Report(output, "slowloris", $"member round trip (say to the other member's message), median of 20: {Figures.Ms(Figures.Median(unloaded))} before, {Figures.Ms(Figures.Median(underAttack))} under attack");
    }

    private sealed record Outcome(bool Dribbled, bool Closed, bool GotHelloTimeout, TimeSpan ClosedAfter);

    private static async Task<Outcome> AttackAsync(IPEndPoint server, bool dribble, CancellationToken stop)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server, stop);
        var connected = Stopwatch.StartNew();
        using var closed = new CancellationTokenSource();
        var dribbling = dribble ? DribbleAsync(socket, closed.Token) : Task.CompletedTask;
        var received = new List<byte>();
        var buffer = new byte[1024];
        var ended = false;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        deadline.CancelAfter(TimeSpan.FromSeconds(20));
        try
        {
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
                if (n == 0)
                {
                    break;
                }

                received.AddRange(buffer.AsSpan(0, n));
            }

            ended = true;
        }
        catch (SocketException)
        {
            ended = true;
        }
        catch (OperationCanceledException)
        {
            // Never closed: reported as such.
        }

        var after = connected.Elapsed;
        await closed.CancelAsync();
        await dribbling;
        var text = Encoding.UTF8.GetString([.. received]);
        return new Outcome(dribble, ended, text.Contains("\"code\":\"hello_timeout\"", StringComparison.Ordinal), after);
    }

    private static async Task DribbleAsync(Socket socket, CancellationToken closed)
    {
        var hello = "{\"type\":\"hello\",\"user\":\"slowpoke\"}\n"u8.ToArray();
        try
        {
            foreach (var b in hello)
            {
                await socket.SendAsync(new[] { b }, SocketFlags.None, closed);
                await Task.Delay(TimeSpan.FromSeconds(1), closed);
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Closed by the server, as it should be.
        }
    }
}
