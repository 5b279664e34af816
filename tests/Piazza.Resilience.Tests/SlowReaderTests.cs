using System.Text;
using Microsoft.Extensions.Logging;
using Piazza.Resilience.Tests.Support;

namespace Piazza.Resilience.Tests;

/// <summary>
/// A member that stops reading while the room chats at full speed: its bounded queue overflows
/// and it alone is evicted (§6), memory stays within the queue caps, and nobody else waits.
/// </summary>
public sealed class SlowReaderTests(ITestOutputHelper output)
{
    private const int QueueCap = 256 * 1024;
    private const int Chatters = 2;
    private const int MessagesEach = 8000;
    private const int WarmUpEach = 200;

    // What the process holds beside the queues: pooled buffers (each thread-pool thread may keep its
    // own, and a busy machine adds threads), frames in flight, the room's retained events. A clean
    // run on a loaded machine once measured 11.0 MiB against a bound of 1.25 + 8 MiB; the traffic
    // (MessagesEach) is sized to stay more than twice the bound, so the test still proves the cap.
    private const long Slack = 12L << 20;

    [Fact]
    public async Task A_member_that_stops_reading_is_evicted_as_slow_while_memory_stays_bounded_and_others_lose_nothing()
    {
        // Information and up: Debug lines hold every message text, megabytes of them here.
        await using var server = await TestServer.StartAsync(o => o with
        {
            // The memory store keeps recent events; bounded here so what is measured is the connections.
            RetentionEvents = 100,
            SendQueueBytes = QueueCap,
            // Full speed that a healthy reader on this 2-core machine follows: 2 x 600 messages of
            // 2 KB a second. The cap must hold what all bursts at once put in a queue
            // (2 x 10 x 2 KB); below that, healthy members are evicted along with the slow one.
            RateBurst = 10,
            RatePerSecond = 600,
        }, minimumLogLevel: LogLevel.Information);
        var endPoint = server.EndPoint;
        var chatters = new List<Peer>();
        for (var i = 0; i < Chatters; i++)
        {
            chatters.Add(await Peer.JoinAsync(endPoint, $"chatter{i}", keepFrames: false));
        }

        await using var observer = await Peer.JoinAsync(endPoint, "observer", keepFrames: false);
        await using var prober = await Peer.JoinAsync(endPoint, "prober", keepFrames: false);
        // Never reads after its welcome; a small receive buffer so the kernel absorbs little.
        await using var sloth = await RawClient.ConnectAsync(server.Port, receiveBufferBytes: 4096);
        await sloth.JoinAsync("sloth");
        var members = server.Server.MemberCount;
        var calm = await LatencyProbe.RoundTripsAsync(prober, observer, "calm", 20);

        // Warm up at the same concurrency first, so thread-pool threads, pooled buffers and socket
        // buffers reach their working size here rather than inside the measurement.
        var warm = new string('w', 1990);
        var heard = observer.EventIds.Count;
        await Task.WhenAll(chatters.Select(c => Task.Run(async () =>
        {
            for (var i = 0; i < WarmUpEach; i++)
            {
                await c.Client.SendRawAsync(Encoding.UTF8.GetBytes($"{{\"type\":\"say\",\"text\":\"{warm}\"}}\n"));
            }
        })));
        await Eventually.TrueAsync(() => observer.EventIds.Count >= heard + (Chatters * WarmUpEach), what: "the warm-up at the observer");
        Assert.Equal(members, server.Server.MemberCount);

        var perSender = new Dictionary<string, List<int>>();
        var evictedAt = -1L;
        observer.Tap = frame =>
        {
            switch (frame)
            {
                case MessageFrame m when m.From.StartsWith("chatter", StringComparison.Ordinal):
                    if (!perSender.TryGetValue(m.From, out var list))
                    {
                        perSender[m.From] = list = [];
                    }

                    list.Add(int.Parse(m.Text.AsSpan(0, 5), System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case LeftFrame { User: "sloth" }:
                    evictedAt = perSender.Values.Sum(v => v.Count);
                    break;
            }
        };

        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = baseline;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
                await Task.Delay(200, CancellationToken.None);
            }
        }, TestContext.Current.CancellationToken);

        // About 2 KB per message: the room moves far more than every queue cap together.
        var padding = new string('x', 2000);
        var sending = chatters.Select(c => Task.Run(async () =>
        {
            for (var i = 0; i < MessagesEach; i++)
            {
                await c.Client.SendRawAsync(Encoding.UTF8.GetBytes($"{{\"type\":\"say\",\"text\":\"{i:D5}{padding[..1990]}\"}}\n"));
            }
        })).ToArray();
        var during = new List<double>();
        try
        {
            while (sending.Any(s => !s.IsCompleted) && during.Count < 200)
            {
                during.Add((await LatencyProbe.MeasureAsync(prober, observer, $"storm-{during.Count}")).TotalMilliseconds);
            }
        }
        catch (TimeoutException)
        {
            foreach (var e in server.Logs.Entries.Where(e => e.Level >= LogLevel.Information).TakeLast(30))
            {
                output.WriteLine(e.ToString());
            }

            output.WriteLine($"probes {during.Count} observer frames {observer.Client.FramesReceived} ended {observer.Client.Ended} prober ended {prober.Client.Ended}");
            throw;
        }

        await Task.WhenAll(sending);
        await Eventually.TrueAsync(() => perSender.Values.Sum(v => v.Count) == Chatters * MessagesEach, TimeSpan.FromSeconds(60), "every chatter message at the observer");
        await sampling.CancelAsync();
        await sampler;

        Assert.True(evictedAt >= 0, "the sloth was never evicted");
        var left = await prober.WaitForAsync<LeftFrame>(l => l.User == "sloth");
        Assert.Equal(LeaveReasons.Slow, left.Reason);
        foreach (var (sender, numbers) in perSender)
        {
            Assert.Equal(Enumerable.Range(0, MessagesEach), numbers);
        }

        Assert.Equal(Chatters, perSender.Count);
        await Eventually.TrueAsync(() => server.Server.ConnectionCount == members - 1, what: "the sloth's connection closed");
        Assert.Equal(members - 1, server.Server.MemberCount);

        long traffic = (long)Chatters * MessagesEach * 2048;
        long bound = ((long)QueueCap * members) + Slack;
        var growth = peak - baseline;
        Assert.True(growth < bound, $"managed memory grew {growth} bytes, more than the bound {bound}");
        Assert.True(traffic > 2 * bound, "the test must move far more than the bound, or it proves nothing");
        Assert.Empty(server.Logs.Problems);
        // One eviction, told once: concurrent broadcasts that all found the queue full must not each log it.
        Assert.Single(server.Logs.Entries, e => e.EventId.Id == 15);
        Figures.Report(output, "slow reader", $"evicted as slow after {evictedAt} of {Chatters * MessagesEach} messages (~{Figures.Mib(traffic)} through the room to each member), queue cap {QueueCap / 1024} KiB");
        Figures.Report(output, "slow reader", $"managed memory peak growth {Figures.Mib(growth)}; bound (cap x {members} members + {Figures.Mib(Slack)}) {Figures.Mib(bound)}");
        Figures.Report(output, "slow reader", $"others' latency, median: {Figures.Ms(Figures.Median(calm))} before, {Figures.Ms(Figures.Median(during))} during ({during.Count} probes); none of {Chatters * MessagesEach} messages lost");
        foreach (var c in chatters)
        {
            await c.DisposeAsync();
        }
    }
}
