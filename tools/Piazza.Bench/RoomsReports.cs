using System.Text.Json.Serialization;

namespace Piazza.Bench;

/// <summary>The outcome of <c>rooms</c> (scenario E).</summary>
internal sealed record RoomsReport(
    string Scenario,
    int Clients,
    int RoomSize,
    int RoomCount,
    string Mode,
    double? OfferedRate,
    int? Window,
    double DurationSeconds,
    int PayloadBytes,
    double ConnectSeconds,
    long Sent,
    long Acked,
    double CommittedPerSecond,
    long ExpectedDeliveries,
    long Deliveries,
    double DeliveriesPerSecond,
    long Lost,
    long OutOfOrder,
    long Errors,
    long ClientsLost,
    LatencySummary AckLatencyMs,
    LatencySummary DeliveryLatencyMs,
    long? DataBytesBefore,
    long? DataBytesAfter,
    double? DataBytesPerMillionMessages,
    double BenchCpuSeconds,
    ServerFigures? Server,
    string? FirstError,
    bool Ok);

/// <summary>The outcome of <c>catchup</c>: one client returns with its cursors after missing events.</summary>
internal sealed record CatchUpReport(
    string Scenario,
    int Rooms,
    long Missed,
    int Rounds,
    long Replayed,
    long Duplicates,
    long Gaps,
    bool Truncated,
    double WelcomeMs,
    double CatchUpMs,
    double EventsPerSecond,
    IReadOnlyList<double> EventsPerSecondByRound,
    double TalkSeconds,
    string? FirstError,
    bool Ok);

/// <summary>The outcome of <c>history</c>: a room filled with many events, the server's memory before and after, and paging back.</summary>
internal sealed record HistoryReport(
    string Scenario,
    long EventsStored,
    long RoomLastId,
    double FillSeconds,
    double FillPerSecond,
    long? RssBeforeKiB,
    long? RssAfterKiB,
    double? RssGrowthMiB,
    double? RssGrowthMiBPerMillionEvents,
    long? RssAnonBeforeKiB,
    long? RssAnonAfterKiB,
    long? DataBytes,
    double? DataBytesPerMillionEvents,
    int Pages,
    int PageSize,
    long EventsPaged,
    long PageGaps,
    LatencySummary PageLatencyMs,
    string? FirstError,
    bool Ok);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(RoomsReport))]
[JsonSerializable(typeof(CatchUpReport))]
[JsonSerializable(typeof(HistoryReport))]
[JsonSerializable(typeof(IReadOnlyList<double>))]
internal sealed partial class RoomsJson : JsonSerializerContext;
