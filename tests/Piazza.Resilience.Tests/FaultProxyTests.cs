using System.Diagnostics;
using Piazza.Resilience.Tests.Support;

namespace Piazza.Resilience.Tests;

/// <summary>
/// The fault proxy does what the other tests rely on. Only lower bounds on time are asserted:
/// a slow machine can make a fault look worse, never milder.
/// </summary>
public sealed class FaultProxyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Latency_delays_each_direction_and_bandwidth_caps_throughput_without_losing_bytes()
    {
        await using var server = await TestServer.StartAsync(o => o with { RateBurst = 100, RatePerSecond = 1000 });
        await using var proxy = FaultProxy.Start(server.EndPoint);
        await using var sender = await Peer.JoinAsync(proxy.EndPoint, "sender");
        await using var receiver = await Peer.JoinAsync(server.EndPoint, "receiver");
        var link = await proxy.ConnectionOfAsync(sender.Client.Socket);

        link.Latency = TimeSpan.FromMilliseconds(100);
        var clock = Stopwatch.StartNew();
        await sender.Client.SendAsync(PingFrame.Instance);
        await sender.WaitForAsync<PongFrame>();
        var roundTrip = clock.Elapsed;
        Assert.True(roundTrip >= TimeSpan.FromMilliseconds(200), $"a round trip through 100 ms each way took {roundTrip}");

        link.Latency = TimeSpan.Zero;
        link.BytesPerSecond = 20_000;
        var text = new string('z', 1900);
        clock.Restart();
        for (var i = 0; i < 20; i++)
        {
            await sender.SayAsync($"{i:D2}{text}");
        }

        await Eventually.TrueAsync(() => receiver.Count<MessageFrame>() == 20, TimeSpan.FromSeconds(20), "all 20 messages through the capped link");
        var capped = clock.Elapsed;
        Assert.True(capped >= TimeSpan.FromSeconds(1.5), $"38 KB through a 20 KB/s link took {capped}");
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"{i:D2}{text}"), receiver.Frames.OfType<MessageFrame>().Select(m => m.Text));
        Figures.Report(output, "fault proxy", $"round trip with 100 ms latency each way: {Figures.Ms(roundTrip)}; 20 messages of 1.9 KB through a 20 KB/s cap: {capped.TotalSeconds:0.00} s, none lost");
    }

    [Fact]
    public async Task A_stalled_direction_holds_bytes_back_until_resumed_and_loses_none()
    {
        await using var server = await TestServer.StartAsync();
        await using var proxy = FaultProxy.Start(server.EndPoint);
        await using var sender = await Peer.JoinAsync(proxy.EndPoint, "sender");
        await using var receiver = await Peer.JoinAsync(server.EndPoint, "receiver");
        var link = await proxy.ConnectionOfAsync(sender.Client.Socket);

        link.Stall(ProxyDirection.ClientToServer);
        await sender.SayAsync("held back");
        // While stalled, a round trip through the room from the other side proves the message is not merely slow.
        await receiver.SayAsync("probe", "p");
        await receiver.WaitForAsync<AckFrame>(a => a.Ref == "p");
        await sender.WaitForAsync<MessageFrame>(m => m.Text == "probe");
        Assert.Equal(0, receiver.Count<MessageFrame>());

        link.Resume(ProxyDirection.ClientToServer);
        Assert.Equal("sender", (await receiver.WaitForAsync<MessageFrame>(m => m.Text == "held back")).From);
    }
}
