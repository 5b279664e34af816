using System.Diagnostics;
using System.Globalization;

namespace Piazza.Bench.Irc;

/// <summary>
/// <c>fanout --irc</c>: the fanout scenario with every client speaking IRC to any IRC server
/// (Piazza's IRC door, InspIRCd, ngIRCd): N clients in one channel, S of them sending PRIVMSG;
/// every receiver records send-to-receive latency from the time stamped in the text and checks
/// each sender's sequence numbers. The report has the NDJSON mode's shape; IRC has no acks
/// (<c>acked</c> stays 0) and no ids (order is checked per sender only).
/// </summary>
internal sealed class IrcFanoutScenario(BenchSettings settings, ProgressLine progress)
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    public async Task<FanoutReport> RunAsync(CancellationToken cancellationToken)
    {
        var probe = settings.ServerPid is { } pid ? new ServerProbe(pid) : null;
        var rssStart = probe?.RssKiB() ?? 0;
        var peakRss = rssStart;
        var runId = (ushort)Random.Shared.Next(0, 0x10000);
        var context = new RunContext(new Payload(runId, settings.PayloadBytes), settings.Senders);
        var channel = settings.IrcChannel;

        var (clients, connectTime) = await ConnectAsync(context, $"b{runId:x4}", channel, cancellationToken);
        try
        {
            await SettleAsync(clients, cancellationToken);
            var schedule = new IrcSendSchedule(clients, settings.Senders, context.Payload, channel, settings.Rate, settings.Window);
            var clock = Stopwatch.StartNew();
            var measureAt = settings.Warmup;
            var sendUntil = Stopwatch.GetTimestamp() + (long)((settings.Warmup + settings.Duration).TotalSeconds * Stopwatch.Frequency);
            var sending = schedule.RunAsync(sendUntil);

            var measuring = false;
            long deliveriesAtStart = 0, deliveriesAtEnd = 0;
            double cpuAtStart = 0, cpuAtEnd = 0, measuredSeconds = 0;
            var benchCpuAtStart = TimeSpan.Zero;
            var benchCpuAtEnd = TimeSpan.Zero;
            var measureClock = new Stopwatch();
            long lastDeliveries = 0;
            var lastTick = clock.Elapsed;
            var live = LatencyRecorder.NewHistogram();
            while (!sending.IsCompleted)
            {
                await Task.WhenAny(sending, Task.Delay(Tick, cancellationToken));
                var tally = IrcTally.Of(clients);
                peakRss = Math.Max(peakRss, probe?.RssKiB() ?? 0);
                if (!measuring && clock.Elapsed >= measureAt)
                {
                    measuring = true;
                    context.StartMeasuring();
                    deliveriesAtStart = tally.Received;
                    cpuAtStart = probe?.CpuSeconds() ?? 0;
                    benchCpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
                    measureClock.Start();
                }

                var now = clock.Elapsed;
                var rate = (tally.Received - lastDeliveries) / Math.Max((now - lastTick).TotalSeconds, 1e-3);
                lastDeliveries = tally.Received;
                lastTick = now;
                var p99 = measuring ? LatencyRecorder.Summarize(context.Latency.Snapshot(live)).P99 : 0;
                progress.Show(string.Create(CultureInfo.InvariantCulture,
                    $"[irc fanout {now.TotalSeconds,5:0.0}s{(measuring ? "" : " warm-up")}] sent {schedule.TotalSent:N0}  deliveries {tally.Received:N0} ({rate:N0}/s)  p99 {p99:0.###} ms  gaps {tally.Gaps}  ooo {tally.OutOfOrder}  errors {tally.Errors}  ended {tally.Ended}"));
            }

            await sending;
            if (measuring)
            {
                measuredSeconds = measureClock.Elapsed.TotalSeconds;
                deliveriesAtEnd = IrcTally.Of(clients).Received;
                cpuAtEnd = probe?.CpuSeconds() ?? 0;
                benchCpuAtEnd = Process.GetCurrentProcess().TotalProcessorTime;
            }

            var expected = schedule.TotalSent * (clients.Length - 1);
            await DrainAsync(clients, expected, cancellationToken);
            progress.Done();

            var final = IrcTally.Of(clients);
            peakRss = Math.Max(peakRss, probe?.RssKiB() ?? 0);
            var measuredDeliveries = deliveriesAtEnd - deliveriesAtStart;
            var perSecond = measuredSeconds > 0 ? measuredDeliveries / measuredSeconds : 0;
            var lost = Math.Max(0, expected - final.Received);
            ServerFigures? server = null;
            if (probe is not null)
            {
                var cpu = cpuAtEnd - cpuAtStart;
                server = new ServerFigures(probe.Pid, Math.Round(cpu, 2),
                    measuredDeliveries > 0 ? Math.Round(cpu / (measuredDeliveries / 1e6), 3) : null,
                    rssStart, probe.RssKiB() ?? 0, peakRss, probe.PeakRssKiB() ?? 0);
            }

            var ok = lost == 0 && final.OutOfOrder == 0 && final.Errors == 0 && final.Ended == 0 && schedule.TotalSent > 0;
            return new FanoutReport(
                "fanout-irc", settings.Clients, settings.Senders, settings.Rate is null ? "closed" : "open",
                settings.Rate, settings.Rate is null ? settings.Window : null,
                Math.Round(measuredSeconds, 2), settings.PayloadBytes, Math.Round(connectTime.TotalSeconds, 3),
                schedule.TotalSent, 0, expected, final.Received, Math.Round(perSecond),
                Math.Round(perSecond / Math.Max(settings.Clients - 1, 1), 1),
                lost, final.OutOfOrder, final.Errors, 0, final.Ended,
                LatencyRecorder.Summarize(context.Latency.Snapshot()),
                settings.Rate is null ? null : LatencyRecorder.Summarize(schedule.Lag),
                Math.Round((benchCpuAtEnd - benchCpuAtStart).TotalSeconds, 2),
                server, IrcTally.FirstError(clients), ok);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Close();
            }
        }
    }

    private async Task<(IrcBenchClient[] Clients, TimeSpan ConnectTime)> ConnectAsync(
        RunContext context, string nickPrefix, string channel, CancellationToken cancellationToken)
    {
        var sources = ClientSet.SourceAddressesFor(settings.Server.Address, settings.Clients, settings.SourceAddresses);
        var clients = new IrcBenchClient[settings.Clients];
        var joined = 0;
        var clock = Stopwatch.StartNew();
        try
        {
            await Parallel.ForAsync(0, settings.Clients,
                new ParallelOptions { MaxDegreeOfParallelism = settings.ConnectConcurrency, CancellationToken = cancellationToken },
                async (i, ct) =>
                {
                    var local = sources.Length == 0 ? null : sources[i % sources.Length];
                    clients[i] = await IrcBenchClient.ConnectAsync(
                        settings.ServerFor(i), local, i, string.Create(CultureInfo.InvariantCulture, $"{nickPrefix}{i}"), channel, context,
                        settings.ReadBufferBytes, settings.JoinTimeout, ct);
                    var n = Interlocked.Increment(ref joined);
                    progress.Show($"[irc fanout] connecting: {n}/{settings.Clients} joined {channel}");
                });
        }
        catch
        {
            foreach (var client in clients)
            {
                client?.Close();
            }

            throw;
        }

        return (clients, clock.Elapsed);
    }

    /// <summary>Waits until every newcomer's JOIN reached everyone already in the channel.</summary>
    private async Task SettleAsync(IrcBenchClient[] clients, CancellationToken cancellationToken)
    {
        var n = (long)clients.Length;
        var expected = n * (n - 1) / 2;
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < settings.SettleTimeout)
        {
            var seen = IrcTally.Of(clients).JoinedSeen;
            if (seen >= expected)
            {
                return;
            }

            progress.Show($"[irc fanout] settling: {seen:N0}/{expected:N0} JOINs delivered");
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    private async Task DrainAsync(IrcBenchClient[] clients, long expected, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < settings.DrainTimeout)
        {
            var tally = IrcTally.Of(clients);
            if (tally.Received >= expected || tally.Ended == clients.Length)
            {
                return;
            }

            progress.Show($"[irc fanout] draining: {tally.Received:N0}/{expected:N0} deliveries");
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }
}
