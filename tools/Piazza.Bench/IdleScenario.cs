using System.Diagnostics;
using System.Globalization;

namespace Piazza.Bench;

/// <summary>
/// N members join and stay quiet (answering pings); the server's resident memory before and after
/// gives its cost per connection. The clients keep reading throughout: every join is announced to
/// everyone, and a member that stops reading would be evicted as slow.
/// </summary>
internal sealed class IdleScenario(BenchSettings settings, ProgressLine progress)
{
    public async Task<IdleReport> RunAsync(CancellationToken cancellationToken)
    {
        var probe = settings.ServerPid is { } pid ? new ServerProbe(pid) : null;
        var rssBefore = probe?.RssKiB();
        var peakRss = rssBefore ?? 0;
        var cpuBefore = probe?.CpuSeconds() ?? 0;
        var runId = (ushort)Random.Shared.Next(0, 0x10000);
        var context = new RunContext(new Payload(runId, Payload.MinimumLength), senders: 0);
        var sources = ClientSet.SourceAddressesFor(settings.Server.Address, settings.Clients, settings.SourceAddresses);

        var lastShown = Stopwatch.StartNew();
        var set = await ClientSet.ConnectAsync(settings, context, $"i{runId:x4}-", holdBuffers: false,
            joined =>
            {
                if (joined == settings.Clients || lastShown.ElapsedMilliseconds >= 200)
                {
                    lastShown.Restart();
                    progress.Show(string.Create(CultureInfo.InvariantCulture,
                        $"[idle] connecting: {joined:N0}/{settings.Clients:N0} joined, server RSS {probe?.RssKiB() / 1024.0:0.0} MiB"));
                }
            },
            cancellationToken);
        var clients = set.Clients;
        try
        {
            var n = (long)clients.Length;
            var joinedExpected = n * (n - 1) / 2;
            var settle = Stopwatch.StartNew();
            Tally tally;
            while ((tally = Tally.Of(clients)).JoinedSeen < joinedExpected && settle.Elapsed < settings.SettleTimeout
                && tally.Ended < clients.Length)
            {
                peakRss = Math.Max(peakRss, probe?.RssKiB() ?? 0);
                progress.Show(string.Create(CultureInfo.InvariantCulture,
                    $"[idle] settling: {tally.JoinedSeen:N0}/{joinedExpected:N0} joined events delivered, lost {tally.Ended}, server RSS {peakRss / 1024.0:0.0} MiB peak"));
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }

            var settleSeconds = settle.Elapsed.TotalSeconds;
            var hold = Stopwatch.StartNew();
            while (hold.Elapsed < settings.Hold)
            {
                var rss = probe?.RssKiB();
                peakRss = Math.Max(peakRss, rss ?? 0);
                tally = Tally.Of(clients);
                progress.Show(string.Create(CultureInfo.InvariantCulture,
                    $"[idle] holding {hold.Elapsed.TotalSeconds:0}/{settings.Hold.TotalSeconds:0} s: {clients.Length - tally.Ended:N0} members, server RSS {rss / 1024.0:0.0} MiB, errors {tally.Errors}"));
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            }

            var rssAfter = probe?.RssKiB();
            progress.Done();
            tally = Tally.Of(clients);
            double? perConnection = rssBefore is { } before && rssAfter is { } after
                ? Math.Round((after - before) / (double)clients.Length, 3)
                : null;
            ServerFigures? server = probe is null ? null : new ServerFigures(
                probe.Pid, Math.Round((probe.CpuSeconds() ?? 0) - cpuBefore, 2), null,
                rssBefore ?? 0, rssAfter ?? 0, Math.Max(peakRss, rssAfter ?? 0), probe.PeakRssKiB() ?? 0);
            var ok = tally.Errors == 0 && tally.Ended == 0 && tally.JoinedSeen >= joinedExpected;
            return new IdleReport("idle", clients.Length, Math.Max(sources.Length, 1),
                Math.Round(set.ConnectTime.TotalSeconds, 3), Math.Round(settleSeconds, 3), Math.Round(hold.Elapsed.TotalSeconds, 3),
                tally.JoinedSeen, joinedExpected, tally.Errors, tally.Ended,
                rssBefore, rssAfter, perConnection, server, Tally.FirstError(clients), ok);
        }
        finally
        {
            set.CloseAll();
        }
    }
}
