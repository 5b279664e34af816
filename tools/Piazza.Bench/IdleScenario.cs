using System.Diagnostics;
using System.Globalization;

namespace Piazza.Bench;

/// <summary>
/// N members join and stay quiet (answering pings); the server's resident memory before and after
/// gives its cost per connection. The clients keep reading throughout: every join is announced to
/// everyone, and a member that stops reading would be evicted as slow. The members join in two
/// halves, each followed by a quiet hold, so the report also has the marginal cost of the second
/// half, measured between two settled states.
/// </summary>
internal sealed class IdleScenario(BenchSettings settings, ProgressLine progress)
{
    private long _peakRss;

    public async Task<IdleReport> RunAsync(CancellationToken cancellationToken)
    {
        var probe = settings.ServerPid is { } pid ? new ServerProbe(pid) : null;
        var rssCold = probe?.RssKiB();
        var runId = (ushort)Random.Shared.Next(0, 0x10000);
        var context = new RunContext(new Payload(runId, Payload.MinimumLength), senders: 0);
        var sources = ClientSet.SourceAddressesFor(settings.Server.Address, settings.Clients, settings.SourceAddresses);
        if (settings.WarmupClients > 0)
        {
            progress.Show($"[idle] warm-up: {settings.WarmupClients} clients join and leave");
            var warmup = await ClientSet.ConnectAsync(settings, settings.WarmupClients, context,
                $"w{runId:x4}-", holdBuffers: false, null, cancellationToken);
            warmup.CloseAll();
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        }

        var rssBefore = probe?.RssKiB();
        var anonBefore = probe?.RssAnonKiB();
        _peakRss = rssBefore ?? 0;
        var cpuBefore = probe?.CpuSeconds() ?? 0;

        var firstHalf = settings.Clients / 2;
        var clients = new List<BenchClient>(settings.Clients);
        var connectTime = TimeSpan.Zero;
        var settleTime = TimeSpan.Zero;
        long? rssHalf = null, anonHalf = null;
        try
        {
            foreach (var (from, count) in new[] { (0, firstHalf), (firstHalf, settings.Clients - firstHalf) })
            {
                if (count == 0)
                {
                    continue;
                }

                var set = await ClientSet.ConnectAsync(settings, count, context, $"i{runId:x4}-{from}-",
                    holdBuffers: false, joined => ShowConnecting(probe, from + joined), cancellationToken);
                clients.AddRange(set.Clients);
                connectTime += set.ConnectTime;
                settleTime += await SettleAsync(clients, probe, cancellationToken);
                await HoldAsync(clients, probe, cancellationToken);
                if (from == 0 && count < settings.Clients)
                {
                    rssHalf = probe?.RssKiB();
                    anonHalf = probe?.RssAnonKiB();
                }
            }

            var rssAfter = probe?.RssKiB();
            var anonAfter = probe?.RssAnonKiB();
            progress.Done();
            var all = clients.ToArray();
            var tally = Tally.Of(all);
            var n = (long)all.Length;
            var joinedExpected = n * (n - 1) / 2;
            double? PerConnection(long? before, long? after, int count) => before is { } b && after is { } a && count > 0
                ? Math.Round((a - b) / (double)count, 3)
                : null;
            ServerFigures? server = probe is null ? null : new ServerFigures(
                probe.Pid, Math.Round((probe.CpuSeconds() ?? 0) - cpuBefore, 2), null,
                rssBefore ?? 0, rssAfter ?? 0, Math.Max(_peakRss, rssAfter ?? 0), probe.PeakRssKiB() ?? 0);
            var ok = tally.Errors == 0 && tally.Ended == 0 && tally.JoinedSeen >= joinedExpected;
            var secondHalf = settings.Clients - firstHalf;
            return new IdleReport("idle", all.Length, Math.Max(sources.Length, 1),
                Math.Round(connectTime.TotalSeconds, 3), Math.Round(settleTime.TotalSeconds, 3), settings.Hold.TotalSeconds,
                tally.JoinedSeen, joinedExpected, tally.Errors, tally.Ended,
                settings.WarmupClients, rssCold, rssBefore, rssAfter, PerConnection(rssBefore, rssAfter, all.Length),
                anonBefore, anonAfter, PerConnection(anonBefore, anonAfter, all.Length),
                rssHalf, PerConnection(rssHalf, rssAfter, secondHalf),
                server, Tally.FirstError(all), ok);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Close();
            }
        }
    }

    private void ShowConnecting(ServerProbe? probe, int joined)
    {
        if (joined % 250 == 0 || joined == settings.Clients)
        {
            progress.Show(string.Create(CultureInfo.InvariantCulture,
                $"[idle] connecting: {joined:N0}/{settings.Clients:N0} joined, server RSS {probe?.RssKiB() / 1024.0:0.0} MiB"));
        }
    }

    /// <summary>Waits until every join so far has been announced to every member who was there.</summary>
    private async Task<TimeSpan> SettleAsync(List<BenchClient> clients, ServerProbe? probe, CancellationToken cancellationToken)
    {
        var all = clients.ToArray();
        var n = (long)all.Length;
        var expected = n * (n - 1) / 2;
        var settle = Stopwatch.StartNew();
        Tally tally;
        while ((tally = Tally.Of(all)).JoinedSeen < expected && settle.Elapsed < settings.SettleTimeout && tally.Ended < all.Length)
        {
            _peakRss = Math.Max(_peakRss, probe?.RssKiB() ?? 0);
            progress.Show(string.Create(CultureInfo.InvariantCulture,
                $"[idle] settling: {tally.JoinedSeen:N0}/{expected:N0} joined events delivered, lost {tally.Ended}, server RSS {_peakRss / 1024.0:0.0} MiB peak"));
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }

        return settle.Elapsed;
    }

    private async Task HoldAsync(List<BenchClient> clients, ServerProbe? probe, CancellationToken cancellationToken)
    {
        var all = clients.ToArray();
        var hold = Stopwatch.StartNew();
        while (hold.Elapsed < settings.Hold)
        {
            var rss = probe?.RssKiB();
            _peakRss = Math.Max(_peakRss, rss ?? 0);
            var tally = Tally.Of(all);
            progress.Show(string.Create(CultureInfo.InvariantCulture,
                $"[idle] holding {hold.Elapsed.TotalSeconds:0}/{settings.Hold.TotalSeconds:0} s: {all.Length - tally.Ended:N0} members, server RSS {rss / 1024.0:0.0} MiB, errors {tally.Errors}"));
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }
}
