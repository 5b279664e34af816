using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Piazza.Resilience.Tests.Support;

namespace Piazza.Resilience.Tests;

/// <summary>
/// Hundreds of clients joining, chatting, vanishing in every way the proxy can make them vanish,
/// and rejoining, at random, for a bounded time. Afterwards: nobody is left, nothing leaked, and
/// every client that stayed healthy received every event of its membership exactly once, in id
/// order. PIAZZA_SOAK_SECONDS, PIAZZA_SOAK_CLIENTS and PIAZZA_SOAK_SEED change the run.
/// </summary>
public sealed class SoakTests(ITestOutputHelper output)
{
    /// <summary>How a session ends.</summary>
    private enum Fate
    {
        Bye,
        Stay,
        Reset,
        CutSilently,
        CloseWithoutBye,
        HalfClose,
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    [Fact]
    public async Task Hundreds_of_clients_joining_chatting_and_vanishing_at_random_lose_nothing_and_leak_nothing()
    {
        var seconds = Setting("PIAZZA_SOAK_SECONDS", 60);
        var slots = Setting("PIAZZA_SOAK_CLIENTS", 200);
        var seed = Setting("PIAZZA_SOAK_SEED", Random.Shared.Next(1, int.MaxValue));
        output.WriteLine($"soak seed {seed} (rerun with PIAZZA_SOAK_SEED={seed}), {slots} clients, {seconds} s");

        // Information and up: Debug lines hold every message text, megabytes of them here. Silent
        // links are found within seconds, but not so fast that a healthy client starved of CPU on a
        // busy machine (a clean-clone run saw one dropped with 3 s) is taken for a dead one.
        await using var server = await TestServer.StartAsync(o => o with
        {
            PingInterval = TimeSpan.FromSeconds(2),
            Timeout = TimeSpan.FromSeconds(10),
            HelloTimeout = TimeSpan.FromSeconds(5),
            RateBurst = 20,
            RatePerSecond = 20,
        }, minimumLogLevel: LogLevel.Information);
        await using var recorder = await Peer.JoinAsync(server.EndPoint, "recorder", keepFrames: false);

        var before = Resources.Measure();
        var summary = await RunAsync(server, recorder, slots, seed, TimeSpan.FromSeconds(seconds));

        await recorder.Client.SendAsync(ByeFrame.Instance);
        await recorder.Client.Completion.WaitAsync(Eventually.DefaultTimeout, TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => server.Server.MemberCount == 0 && server.Server.ConnectionCount == 0, what: "an empty server");
        Assert.Empty(server.Logs.Problems);

        var after = await Resources.SettleAsync(before);
        Figures.Report(output, "soak", $"seed {seed}: {slots} clients for {summary.Elapsed.TotalSeconds:0.0} s: {summary.Fates.Values.Sum()} sessions, peak {summary.PeakMembers} members at once, {summary.Messages} messages sent, {summary.Events} room events, {summary.Deliveries} deliveries checked by id");
        Figures.Report(output, "soak", "fates: " + string.Join(", ", summary.Fates.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}")));
        Figures.Report(output, "soak", $"resources before/after: {before} / {after} (bounds: fds +{Resources.FdBound}, threads +{Resources.ThreadBound}, managed memory +{Figures.Mib(Resources.MemoryBound)})");
        after.AssertWithinBounds(before);
    }

    private sealed record Summary(TimeSpan Elapsed, int PeakMembers, IReadOnlyDictionary<Fate, int> Fates, int Messages, int Events, long Deliveries);

    /// <summary>The soak itself; everything it holds (clients, proxy, logs of ids) is gone when it returns.</summary>
    private static async Task<Summary> RunAsync(TestServer server, Peer recorder, int slots, int seed, TimeSpan duration)
    {
        await using var proxy = FaultProxy.Start(server.EndPoint);
        var sessions = new ConcurrentBag<Session>();
        var clock = Stopwatch.StartNew();
        var peakMembers = 0;
        using (var stop = new CancellationTokenSource(duration))
        {
            var watcher = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    peakMembers = Math.Max(peakMembers, server.Server.MemberCount);
                    await Task.Delay(100, CancellationToken.None);
                }
            });
            await Task.WhenAll(Enumerable.Range(0, slots).Select(slot => RunSlotAsync(slot, seed, proxy, recorder, sessions, stop.Token)));
            await watcher;
        }

        // Everyone still in the room left politely; the room is empty but for the recorder.
        await Eventually.TrueAsync(() => server.Server.MemberCount == 1, TimeSpan.FromSeconds(30),
            $"every soak member to be gone (members now {server.Server.MemberCount})");
        var elapsed = clock.Elapsed;

        var all = sessions.ToArray();
        var left = recorder.Frames.OfType<LeftFrame>().ToDictionary(l => l.User);
        var deliveries = Verify(all, recorder, left);
        return new Summary(
            elapsed,
            peakMembers,
            all.GroupBy(s => s.Fate).ToDictionary(g => g.Key, g => g.Count()),
            all.Sum(s => s.Sent),
            recorder.EventIds.Count,
            deliveries);
    }

    private static async Task RunSlotAsync(int slot, int seed, FaultProxy proxy, Peer recorder, ConcurrentBag<Session> sessions, CancellationToken stop)
    {
        var random = new Random((seed * 7919) + slot);
        // Spread the first joins over a second so the start is not one thundering herd.
        await Task.Delay(random.Next(0, 1000), CancellationToken.None);
        for (var generation = 0; !stop.IsCancellationRequested; generation++)
        {
            var name = $"u{slot}g{generation}";
            var peer = await Peer.ConnectAsync(proxy.EndPoint, keepFrames: false);
            await peer.Client.JoinAsync(name);
            var link = await proxy.ConnectionOfAsync(peer.Client.Socket);
            // A bad network for some: latency for one in five, a 64 KB/s line for one in ten.
            var network = random.Next(10);
            if (network < 2)
            {
                link.Latency = TimeSpan.FromMilliseconds(random.Next(5, 60));
            }
            else if (network == 2)
            {
                link.BytesPerSecond = 64 * 1024;
            }

            var session = new Session(name, peer, peer.JoinedId);
            sessions.Add(session);

            var fate = Pick(random);
            session.Fate = fate;
            var talk = fate == Fate.Stay ? int.MaxValue : random.Next(0, 5);
            for (var i = 0; i < talk && !stop.IsCancellationRequested; i++)
            {
                await Delay(random.Next(200, 2000), stop);
                if (!stop.IsCancellationRequested)
                {
                    await peer.SayAsync($"{name} says {i}");
                    session.Sent++;
                }
            }

            if (stop.IsCancellationRequested)
            {
                // The run is over: whoever is still here is healthy and leaves politely.
                session.Fate = fate = session.Fate is Fate.Bye ? Fate.Bye : Fate.Stay;
            }

            switch (fate)
            {
                case Fate.Bye or Fate.Stay:
                    await peer.Client.SendAsync(ByeFrame.Instance);
                    await peer.Client.Completion.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
                    break;
                case Fate.Reset:
                    link.Reset();
                    break;
                case Fate.CutSilently:
                    link.CutSilently();
                    await recorder.WaitForAsync<LeftFrame>(l => l.User == name, TimeSpan.FromSeconds(30));
                    link.Reset();
                    break;
                case Fate.CloseWithoutBye:
                    peer.Client.Socket.Close();
                    break;
                case Fate.HalfClose:
                    link.HalfClose(ProxyDirection.ClientToServer);
                    await peer.Client.Completion.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
                    break;
            }

            await peer.Client.Completion.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
            await peer.DisposeAsync();
            await Delay(random.Next(0, 500), stop);
        }
    }

    private static Fate Pick(Random random) => random.Next(100) switch
    {
        < 35 => Fate.Bye,
        < 45 => Fate.Stay,
        < 60 => Fate.Reset,
        < 70 => Fate.CutSilently,
        < 85 => Fate.CloseWithoutBye,
        _ => Fate.HalfClose,
    };

    private static async Task Delay(int milliseconds, CancellationToken stop)
    {
        try
        {
            await Task.Delay(milliseconds, stop);
        }
        catch (OperationCanceledException)
        {
            // The run is over; the caller notices.
        }
    }

    /// <summary>Checks every session against the recorder's complete event log; returns the deliveries checked.</summary>
    private static long Verify(Session[] sessions, Peer recorder, Dictionary<string, LeftFrame> left)
    {
        // The recorder was there throughout: it saw one unbroken run of ids.
        var log = recorder.EventIds;
        Assert.Equal(Enumerable.Range(0, log.Count).Select(i => recorder.JoinedId + 1 + i), log);

        long deliveries = 0;
        foreach (var s in sessions)
        {
            Assert.True(left.TryGetValue(s.Name, out var departure), $"{s.Name} ({s.Fate}) never left");
            var expectedReason = s.Fate switch
            {
                Fate.Bye or Fate.Stay => LeaveReasons.Quit,
                Fate.CutSilently => LeaveReasons.Timeout,
                _ => LeaveReasons.Lost,
            };
            Assert.True(expectedReason == departure.Reason, $"{s.Name} ended by {s.Fate} left as '{departure.Reason}', expected '{expectedReason}'");
            Assert.Null(s.Peer.Client.InvalidFrame);

            var ids = s.Peer.EventIds;
            var membership = departure.Id - s.JoinedId - 1;
            if (s.Fate is Fate.Bye or Fate.Stay)
            {
                // Healthy to the end: every event between its join and its leave, once, in order.
                Assert.True(ids.Count == membership, $"{s.Name} received {ids.Count} of the {membership} events of its membership");
            }

            // Everyone, healthy or not, got an unbroken prefix: no gap, no duplicate, no disorder.
            for (var i = 0; i < ids.Count; i++)
            {
                if (ids[i] != s.JoinedId + 1 + i)
                {
                    Assert.Fail($"{s.Name} ({s.Fate}) received event {ids[i]} at position {i}; expected {s.JoinedId + 1 + i}");
                }
            }

            Assert.True(ids.Count <= membership, $"{s.Name} received events after it left");
            deliveries += ids.Count;
        }

        Assert.Equal(sessions.Length, left.Count);
        return deliveries;
    }

    private sealed class Session(string name, Peer peer, long joinedId)
    {
        public string Name { get; } = name;

        public Peer Peer { get; } = peer;

        public long JoinedId { get; } = joinedId;

        public Fate Fate { get; set; }

        public int Sent { get; set; }
    }
}
