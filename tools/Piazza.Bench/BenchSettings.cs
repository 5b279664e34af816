using System.Net;

namespace Piazza.Bench;

/// <summary>
/// Everything one run is told on the command line (options named in brackets). The defaults live
/// with the options in <see cref="BenchCommand"/> only; a field the other scenario does not use stays unset.
/// </summary>
internal sealed record BenchSettings
{
    /// <summary>The server to measure (<c>--host</c>, <c>--port</c>).</summary>
    public required IPEndPoint Server { get; init; }

    /// <summary>
    /// Every node to connect to, <see cref="Server"/> first (<c>--port 5000,5001</c>); empty means
    /// <see cref="Server"/> alone. Client i goes to node i modulo the count.
    /// </summary>
    public IReadOnlyList<IPEndPoint> Servers { get; init; } = [];

    /// <summary>The node client <paramref name="index"/> connects to.</summary>
    public IPEndPoint ServerFor(int index) => Servers.Count == 0 ? Server : Servers[index % Servers.Count];

    /// <summary>Connections that join the room (<c>--clients</c>).</summary>
    public int Clients { get; init; }

    /// <summary>How many of the clients send (<c>--senders</c>, fanout).</summary>
    public int Senders { get; init; }

    /// <summary>Total offered messages per second, or null for a closed loop (<c>--rate</c>, fanout).</summary>
    public double? Rate { get; init; }

    /// <summary>Closed loop: messages not yet delivered to every receiver (<c>--window</c>).</summary>
    public int Window { get; init; }

    /// <summary>The measured part of the send phase (<c>--duration</c>).</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Sending before measuring starts (<c>--warmup</c>).</summary>
    public TimeSpan Warmup { get; init; }

    /// <summary>Message text length in bytes (<c>--payload</c>).</summary>
    public int PayloadBytes { get; init; }

    /// <summary>After sending stops, how long to wait for the last deliveries (<c>--drain-timeout</c>).</summary>
    public TimeSpan DrainTimeout { get; init; }

    /// <summary>Idle: how long the joined members stay quiet before memory is read (<c>--hold</c>).</summary>
    public TimeSpan Hold { get; init; }

    /// <summary>
    /// Idle: clients that join and leave before the baseline is read, so code the server runs for
    /// the first time (mapped and compiled once) is not charged to the measured connections (<c>--warmup-clients</c>).
    /// </summary>
    public int WarmupClients { get; init; }

    /// <summary>How long to wait for every <c>joined</c> announcement to arrive (<c>--settle-timeout</c>).</summary>
    public TimeSpan SettleTimeout { get; init; }

    /// <summary>The server's process id on this machine, for its memory and CPU (<c>--server-pid</c>).</summary>
    public int? ServerPid { get; init; }

    /// <summary>Print one JSON line instead of the human summary (<c>--json</c>).</summary>
    public bool Json { get; init; }

    /// <summary>Show the live progress line on standard error (off with <c>--no-progress</c>).</summary>
    public bool Progress { get; init; }

    /// <summary>Connections being opened at once (<c>--connect-concurrency</c>).</summary>
    public int ConnectConcurrency { get; init; }

    /// <summary>127.0.0.x source addresses to spread clients over; null picks enough (<c>--source-addresses</c>).</summary>
    public int? SourceAddresses { get; init; }

    /// <summary>Receive buffer per client, bytes (<c>--read-buffer</c>).</summary>
    public int ReadBufferBytes { get; init; }

    /// <summary>How long one client waits for its welcome (<c>--join-timeout</c>).</summary>
    public TimeSpan JoinTimeout { get; init; }

    /// <summary>Fanout: the clients speak IRC instead of the wire contract (<c>--irc</c>).</summary>
    public bool Irc { get; init; }

    /// <summary>Fanout with <c>--irc</c>: the channel the clients join (<c>--irc-channel</c>).</summary>
    public string IrcChannel { get; init; } = "#bench";
}
