using System.Diagnostics;
using System.Text;
using Piazza.Resilience.Tests.Support;

namespace Piazza.Resilience.Tests;

/// <summary>
/// One client writes thousands of frames at once. Flood control slows it by not reading (§6):
/// nothing is dropped, order holds, and everyone else's messages keep flowing.
/// </summary>
public sealed class FloodTests(ITestOutputHelper output)
{
    private const int Frames = 2000;

    [Fact]
    public async Task Two_thousand_frames_written_at_once_all_arrive_in_order_at_the_flood_control_rate()
    {
        await using var server = await TestServer.StartAsync(o => o with { RateBurst = 50, RatePerSecond = 500 });
        var endPoint = server.EndPoint;
        await using var flooder = await Peer.JoinAsync(endPoint, "flooder", keepFrames: false);
        await using var observer = await Peer.JoinAsync(endPoint, "observer", keepFrames: false);
        await using var alice = await Peer.JoinAsync(endPoint, "alice");
        await using var bob = await Peer.JoinAsync(endPoint, "bob");

        var flood = new List<(long Id, string Text)>();
        var floodDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        observer.Tap = frame =>
        {
            if (frame is MessageFrame { From: "flooder" } m)
            {
                flood.Add((m.Id, m.Text));
                if (flood.Count == Frames)
                {
                    floodDone.TrySetResult();
                }
            }
        };
        var acks = new List<(long Id, string? Ref)>();
        flooder.Tap = frame =>
        {
            if (frame is AckFrame a)
            {
                lock (acks)
                {
                    acks.Add((a.Id, a.Ref));
                }
            }
        };

        var calm = await LatencyProbe.RoundTripsAsync(alice, bob, "calm", 20);

        var burst = new StringBuilder();
        for (var i = 0; i < Frames; i++)
        {
            burst.Append("{\"type\":\"say\",\"text\":\"flood ").Append(i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture))
                .Append("\",\"ref\":\"f").Append(i).Append("\"}\n");
        }

        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var writing = flooder.Client.SendRawAsync(Encoding.UTF8.GetBytes(burst.ToString()));
        var during = new List<double>();
        while (!floodDone.Task.IsCompleted && during.Count < 200)
        {
            during.Add((await LatencyProbe.MeasureAsync(alice, bob, $"storm-{during.Count}")).TotalMilliseconds);
        }

        await floodDone.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        var took = clock.Elapsed;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        await writing;
        await Eventually.TrueAsync(() => { lock (acks) { return acks.Count == Frames; } }, what: "an ack for every flood frame");

        // Nothing lost, nothing duplicated, in the order written, with increasing ids.
        Assert.Equal(Enumerable.Range(0, Frames).Select(i => $"flood {i:D4}"), flood.Select(f => f.Text));
        Assert.True(flood.Zip(flood.Skip(1)).All(p => p.First.Id < p.Second.Id), "flood ids are not increasing");
        lock (acks)
        {
            Assert.Equal(Enumerable.Range(0, Frames).Select(i => $"f{i}"), acks.Select(a => a.Ref));
            Assert.Equal(flood.Select(f => f.Id), acks.Select(a => a.Id));
        }

        // The others' probes all got through too, each exactly once.
        Assert.Equal(during.Count, bob.Count<MessageFrame>(m => m.Text.StartsWith("storm-", StringComparison.Ordinal)));
        // Nobody was cut: the flooder, the observer, alice and bob are all still connected.
        Assert.Equal(4, server.Server.ConnectionCount);
        Assert.Empty(server.Logs.Problems);
        Figures.Report(output, "flood", $"{Frames} say frames written at once (burst 50, 500/s): all {Frames} delivered in order in {took.TotalSeconds:0.00} s ({Frames / took.TotalSeconds:0} frames/s), none lost; expected at the configured rate: {(Frames - 50) / 500.0:0.00} s");
        Figures.Report(output, "flood", $"CPU time of the whole test process (server and all clients) during the flood: {cpu.TotalSeconds:0.00} s in {took.TotalSeconds:0.00} s");
        Figures.Report(output, "flood", $"other members' latency, median: {Figures.Ms(Figures.Median(calm))} unloaded (20 probes), {Figures.Ms(Figures.Median(during))} during the flood ({during.Count} probes)");
    }
}
