using System.Globalization;
using System.Text;

namespace Piazza.Bench;

/// <summary>The human summary printed at the end of a run.</summary>
internal static class Summary
{
    public static string Of(FanoutReport r)
    {
        var s = new StringBuilder();
        var mode = r.Mode == "open" ? $"open loop at {r.OfferedRate:N0} msg/s offered" : $"closed loop, window {r.Window:N0}";
        Line(s, $"fanout: {r.Clients:N0} clients, {r.Senders:N0} senders, {mode}, {r.PayloadBytes}-byte texts, {r.DurationSeconds:0.0} s measured");
        Line(s, $"connect: {r.Clients:N0} clients joined in {r.ConnectSeconds:0.000} s");
        Line(s, $"messages: {r.Sent:N0} sent, {r.Acked:N0} acked, {r.MessagesPerSecond:N1}/s measured");
        Line(s, $"deliveries: {r.Deliveries:N0} of {r.ExpectedDeliveries:N0} expected; {r.DeliveriesPerSecond:N0}/s measured");
        Line(s, $"loss: {r.Lost:N0} lost, {r.OutOfOrder:N0} out of order, {r.Errors:N0} errors, {r.Evicted:N0} evicted, {r.ClientsLost:N0} connections lost");
        var l = r.LatencyMs;
        Line(s, $"latency (send to receive, ms, n={l.Count:N0}): p50 {l.P50:0.###}  p90 {l.P90:0.###}  p99 {l.P99:0.###}  p99.9 {l.P999:0.###}  max {l.Max:0.###}");
        if (r.SendLagMs is { } lag)
        {
            Line(s, $"send lag behind schedule (ms): p99 {lag.P99:0.###}  max {lag.Max:0.###}");
        }

        if (r.Server is { } server)
        {
            Line(s, $"server (pid {server.Pid}): {server.CpuSeconds:0.00} CPU s while measuring, {Per(server.CpuSecondsPerMillionDeliveries)} CPU s per million deliveries; RSS {Mib(server.RssStartKiB)} at start, {Mib(server.PeakRssKiB)} peak ({Mib(server.ProcessPeakRssKiB)} process peak)");
        }

        Line(s, $"bench: {r.BenchCpuSeconds:0.00} CPU s while measuring");
        if (r.FirstError is not null)
        {
            Line(s, $"first error: {r.FirstError}");
        }

        Line(s, r.Ok ? "result: ok (no loss, in order, no errors)" : "result: NOT OK (see loss line)");
        return s.ToString();
    }

    public static string Of(IdleReport r)
    {
        var s = new StringBuilder();
        Line(s, $"idle: {r.Clients:N0} members from {r.SourceAddresses} source address(es), held quiet for {r.HoldSeconds:0.0} s after each half joined");
        Line(s, $"connect: {r.Clients:N0} joined in {r.ConnectSeconds:0.000} s; every joined event delivered after {r.SettleSeconds:0.000} s more ({r.JoinedSeen:N0} of {r.JoinedExpected:N0})");
        Line(s, $"errors: {r.Errors:N0}; connections lost: {r.ClientsLost:N0}");
        if (r.Server is { } server)
        {
            Line(s, $"server (pid {server.Pid}): RSS {Mib(r.RssBeforeKiB ?? 0)} before (after {r.WarmupClients} warm-up clients; {Mib(r.RssColdKiB ?? 0)} cold), {Mib(r.RssAfterKiB ?? 0)} after: {r.RssPerConnectionKiB:0.00} KiB per connection");
            Line(s, $"  marginal: {Mib(r.RssHalfKiB ?? 0)} with the first half settled, so {r.RssMarginalPerConnectionKiB:0.00} KiB per connection for the second half");
            Line(s, $"  anonymous memory (heap, stacks; no code pages): {Mib(r.RssAnonBeforeKiB ?? 0)} before, {Mib(r.RssAnonAfterKiB ?? 0)} after: {r.RssAnonPerConnectionKiB:0.00} KiB per connection; peak RSS {Mib(server.PeakRssKiB)}; {server.CpuSeconds:0.00} CPU s");
        }

        if (r.FirstError is not null)
        {
            Line(s, $"first error: {r.FirstError}");
        }

        Line(s, r.Ok ? "result: ok (all members held, no errors)" : "result: NOT OK");
        return s.ToString();
    }

    private static string Per(double? value) => value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "n/a";

    private static string Mib(long kib) => string.Create(CultureInfo.InvariantCulture, $"{kib / 1024.0:0.0} MiB");

    private static void Line(StringBuilder s, string text) => s.AppendLine(text);
}
