using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Piazza.Server.Transport;

namespace Piazza.Server.Hosting;

/// <summary>
/// Every instrument of the server, on one <see cref="Meter"/> named <c>Piazza.Server</c>. The
/// counters are incremented where the thing happens (one call each in the chat, the transport and
/// the store's commit callback); the gauges are read from the running servers when scraped. With
/// nothing listening, an increment costs a check of one field. Names become Prometheus names by
/// replacing dots with underscores (counters gain <c>_total</c>): <c>piazza_deliveries_total</c>.
/// </summary>
internal static class ServerMetrics
{
    /// <summary>The meter's name, for listeners.</summary>
    public const string MeterName = "Piazza.Server";

    private static readonly Meter Meter = new(MeterName);
    private static readonly ConcurrentDictionary<ChatServer, byte> Servers = new();

    /// <summary>Connections accepted by a door (tag <c>door</c>).</summary>
    public static readonly Counter<long> ConnectionsOpened = Meter.CreateCounter<long>(
        "piazza.connections.opened", "{connection}", "Connections admitted, by door.");

    /// <summary>Message events (room messages and direct messages) delivered in order to their conversation.</summary>
    public static readonly Counter<long> Messages = Meter.CreateCounter<long>(
        "piazza.messages", "{message}", "Messages stored and sent out to their room or direct conversation.");

    /// <summary>Message events queued to a session other than the sender's own (the fan-out).</summary>
    public static readonly Counter<long> Deliveries = Meter.CreateCounter<long>(
        "piazza.deliveries", "{delivery}", "Messages queued to a recipient session (the sender's own acknowledgement is not counted).");

    /// <summary>Connections the server closed on the client (tag <c>reason</c>: slow, timeout, error).</summary>
    public static readonly Counter<long> Evictions = Meter.CreateCounter<long>(
        "piazza.evictions", "{connection}", "Connections the server closed on a client, by reason: slow (send queue full or socket stalled), timeout (silent too long or never joined), error (protocol violation).");

    /// <summary>Sign-ins refused (tag <c>reason</c>: wrong_password, throttled).</summary>
    public static readonly Counter<long> SignInFailures = Meter.CreateCounter<long>(
        "piazza.signin.failures", "{attempt}", "Sign-ins refused, by reason: wrong_password (unknown name or wrong password) or throttled (too many failures from the address or for the account).");

    /// <summary>Times flood control held back a client's next frame.</summary>
    public static readonly Counter<long> Throttled = Meter.CreateCounter<long>(
        "piazza.clients.throttled", "{pause}", "Times flood control held back a client's next frame until its rate allowed it.");

    /// <summary>Appends committed in one store transaction.</summary>
    public static readonly Histogram<long> CommitBatchSize = Meter.CreateHistogram(
        "piazza.store.commit.batch_size", "{append}", "Appends committed together in one store transaction (group commit).",
        advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 4096] });

    /// <summary>How long one store transaction took, from its start to its commit (the disk sync included).</summary>
    public static readonly Histogram<double> CommitSeconds = Meter.CreateHistogram(
        "piazza.store.commit.seconds", "s", "Time one store transaction took, from its start to a durable commit.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5] });

    static ServerMetrics()
    {
        Meter.CreateObservableGauge("piazza.connections", ObserveConnections, "{connection}",
            "Open connections, by door and state: joining (connected, not yet joined) or joined.");
        Meter.CreateObservableGauge("piazza.members", () => Servers.Keys.Sum(s => (long)s.MemberCount), "{session}",
            "Sessions present under a name (signed-in accounts and guests).");
        Meter.CreateObservableGauge("piazza.rooms", () => Servers.Keys.Sum(s => (long)s.RoomCount), "{room}",
            "Rooms the server holds in memory.");
        Meter.CreateObservableGauge("piazza.queue.bytes", () => Servers.Keys.Sum(s => s.Links.Sum(l => (long)l.Queue.QueuedBytes)), "By",
            "Bytes waiting in every connection's outbound queue.");
    }

    /// <summary>
    /// The label values each labelled counter starts with at 0, so a scrape shows every series
    /// before the first event (the NDJSON and IRC doors; a door added later appears with its first connection).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (string Label, string[] Values)> Seeds =
        new Dictionary<string, (string, string[])>(StringComparer.Ordinal)
        {
            ["piazza.connections.opened"] = ("door", ["ndjson", "irc"]),
            ["piazza.evictions"] = ("reason", [Protocol.LeaveReasons.Slow, Protocol.LeaveReasons.Timeout, Protocol.LeaveReasons.Error]),
            ["piazza.signin.failures"] = ("reason", ["wrong_password", "throttled"]),
        };

    /// <summary>Starts reading <paramref name="server"/>'s gauges; disposing the result stops it.</summary>
    public static IDisposable Track(ChatServer server)
    {
        Servers[server] = 0;
        return new Untrack(server);
    }

    /// <summary>One commit of the store (its callback).</summary>
    public static void Committed(int appends, TimeSpan elapsed)
    {
        CommitBatchSize.Record(appends);
        CommitSeconds.Record(elapsed.TotalSeconds);
    }

    /// <summary>Counts the end of a connection as an eviction when the server ended it on the client.</summary>
    public static void ConnectionClosed(string? reason)
    {
        if (reason is Protocol.LeaveReasons.Slow or Protocol.LeaveReasons.Timeout or Protocol.LeaveReasons.Error)
        {
            Evictions.Add(1, new KeyValuePair<string, object?>("reason", reason));
        }
    }

    private static IEnumerable<Measurement<long>> ObserveConnections()
    {
        var counts = new Dictionary<(string Door, string State), long>();
        foreach (var link in Servers.Keys.SelectMany(s => s.Links))
        {
            var key = (link.Door, link.HasJoined ? "joined" : "joining");
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts.Select(c => new Measurement<long>(c.Value,
            new KeyValuePair<string, object?>("door", c.Key.Door), new KeyValuePair<string, object?>("state", c.Key.State)));
    }

    private sealed class Untrack(ChatServer server) : IDisposable
    {
        public void Dispose() => Servers.TryRemove(server, out _);
    }
}
