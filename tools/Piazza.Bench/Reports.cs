using System.Text.Json.Serialization;

namespace Piazza.Bench;

/// <summary>The server's side of a run, read from /proc when <c>--server-pid</c> is given.</summary>
internal sealed record ServerFigures(
    int Pid,
    double CpuSeconds,
    double? CpuSecondsPerMillionDeliveries,
    long RssStartKiB,
    long RssEndKiB,
    long PeakRssKiB,
    long ProcessPeakRssKiB);

/// <summary>The outcome of <c>fanout</c>.</summary>
internal sealed record FanoutReport(
    string Scenario,
    int Clients,
    int Senders,
    string Mode,
    double? OfferedRate,
    int? Window,
    double DurationSeconds,
    int PayloadBytes,
    double ConnectSeconds,
    long Sent,
    long Acked,
    long ExpectedDeliveries,
    long Deliveries,
    double DeliveriesPerSecond,
    double MessagesPerSecond,
    long Lost,
    long OutOfOrder,
    long Errors,
    long Evicted,
    long ClientsLost,
    LatencySummary LatencyMs,
    LatencySummary? SendLagMs,
    double BenchCpuSeconds,
    ServerFigures? Server,
    string? FirstError,
    bool Ok);

/// <summary>The outcome of <c>idle</c>.</summary>
internal sealed record IdleReport(
    string Scenario,
    int Clients,
    int SourceAddresses,
    double ConnectSeconds,
    double SettleSeconds,
    double HoldSeconds,
    long JoinedSeen,
    long JoinedExpected,
    long Errors,
    long ClientsLost,
    int WarmupClients,
    long? RssColdKiB,
    long? RssBeforeKiB,
    long? RssAfterKiB,
    double? RssPerConnectionKiB,
    long? RssAnonBeforeKiB,
    long? RssAnonAfterKiB,
    double? RssAnonPerConnectionKiB,
    long? RssHalfKiB,
    double? RssMarginalPerConnectionKiB,
    ServerFigures? Server,
    string? FirstError,
    bool Ok);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(FanoutReport))]
[JsonSerializable(typeof(IdleReport))]
internal sealed partial class BenchJson : JsonSerializerContext;
