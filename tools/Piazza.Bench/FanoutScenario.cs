using System.Diagnostics;
using System.Globalization;

namespace Piazza.Bench;

/// <summary>
/// N clients in the room, S of them sending; every receiver records send-to-receive latency and
/// checks the ids and per-sender sequence numbers for loss and order.
/// </summary>
internal sealed class FanoutScenario(BenchSettings settings, ProgressLine progress)
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    public async Task<FanoutReport> RunAsync(CancellationToken cancellationToken)
    {
        var probe = settings.ServerPid is { } pid ? new ServerProbe(pid) : null;
        var rssStart = probe?.RssKiB() ?? 0;
        var peakRss = rssStart;
        var runId = (ushort)Random.Shared.Next(0, 0x10000);
        var context = new RunContext(new Payload(runId, settings.PayloadBytes), settings.Senders);

        var set = await ClientSet.ConnectAsync(settings, settings.Clients, context, $"f{runId:x4}-", holdBuffers: true,
            joined => progress.Show($"[fanout] connecting: {joined}/{settings.Clients} joined"), cancellationToken);
        var clients = set.Clients;
        try
        {
            await SettleAsync(clients, cancellationToken);
            var schedule = new SendSchedule(clients, settings.Senders, context.Payload, settings.Rate, settings.Window);
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
                var tally = Tally.Of(clients);
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
                    $"[fanout {now.TotalSeconds,5:0.0}s{(measuring ? "" : " warm-up")}] sent {schedule.TotalSent:N0}  deliveries {tally.Received:N0} ({rate:N0}/s)  p99 {p99:0.###} ms  gaps {tally.Gaps}  ooo {tally.OutOfOrder}  errors {tally.Errors}  evicted {tally.SlowLeftSeen}"));
            }

            await sending;
            if (measuring)
            {
                measuredSeconds = measureClock.Elapsed.TotalSeconds;
                deliveriesAtEnd = Tally.Of(clients).Received;
                cpuAtEnd = probe?.CpuSeconds() ?? 0;
                benchCpuAtEnd = Process.GetCurrentProcess().TotalProcessorTime;
            }

            var expected = ExpectedDeliveries(clients, schedule);
            await DrainAsync(clients, expected, cancellationToken);
            progress.Done();

            var final = Tally.Of(clients);
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
                "fanout", settings.Clients, settings.Senders, settings.Rate is null ? "closed" : "open",
                settings.Rate, settings.Rate is null ? settings.Window : null,
                Math.Round(measuredSeconds, 2), settings.PayloadBytes, Math.Round(set.ConnectTime.TotalSeconds, 3),
                schedule.TotalSent, final.Acks, expected, final.Received, Math.Round(perSecond),
                Math.Round(perSecond / Math.Max(settings.Clients - 1, 1), 1),
                lost, final.OutOfOrder, final.Errors, final.SlowLeftSeen, final.Ended,
                LatencyRecorder.Summarize(context.Latency.Snapshot()),
                settings.Rate is null ? null : LatencyRecorder.Summarize(schedule.Lag),
                Math.Round((benchCpuAtEnd - benchCpuAtStart).TotalSeconds, 2),
                server, Tally.FirstError(clients), ok);
        }
        finally
        {
            set.CloseAll();
        }
    }

    /// <summary>Every message goes to every member except its sender.</summary>
    private static long ExpectedDeliveries(BenchClient[] clients, SendSchedule schedule) =>
        schedule.TotalSent * (clients.Length - 1);

    /// <summary>Waits until every newcomer's <c>joined</c> reached everyone, so the join storm is over before measuring.</summary>
    private async Task SettleAsync(BenchClient[] clients, CancellationToken cancellationToken)
    {
        var n = (long)clients.Length;
        var expected = n * (n - 1) / 2;
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < settings.SettleTimeout)
        {
            var seen = Tally.Of(clients).JoinedSeen;
            if (seen >= expected)
            {
                return;
            }

            progress.Show($"[fanout] settling: {seen:N0}/{expected:N0} joined events delivered");
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    private async Task DrainAsync(BenchClient[] clients, long expected, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < settings.DrainTimeout)
        {
            var tally = Tally.Of(clients);
            if (tally.Received >= expected || tally.Ended == clients.Length)
            {
                return;
            }

            progress.Show($"[fanout] draining: {tally.Received:N0}/{expected:N0} deliveries");
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }
}
