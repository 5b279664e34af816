using System.Net;

namespace Piazza.Bench;

/// <summary>
/// What the room scenarios (<c>rooms</c>, <c>catchup</c>, <c>history</c>) are told on the command
/// line (options named in brackets; defaults live with the options in <see cref="RoomsCommands"/>).
/// A field another scenario does not use stays unset.
/// </summary>
internal sealed record RoomsSettings
{
    /// <summary>The server to measure (<c>--host</c>, <c>--port</c>).</summary>
    public required IPEndPoint Server { get; init; }

    /// <summary>rooms: connections, each in one room and each sending (<c>--clients</c>).</summary>
    public int Clients { get; init; }

    /// <summary>rooms: members per room (<c>--room-size</c>).</summary>
    public int RoomSize { get; init; }

    /// <summary>rooms, history: total offered messages per second (open loop), or null for a closed loop (<c>--rate</c>).</summary>
    public double? Rate { get; init; }

    /// <summary>Closed loop: says one client keeps unacknowledged (<c>--window</c>).</summary>
    public int Window { get; init; }

    /// <summary>rooms: the measured part of the send phase (<c>--duration</c>).</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>rooms: sending before measuring starts (<c>--warmup</c>).</summary>
    public TimeSpan Warmup { get; init; }

    /// <summary>Message text length in bytes (<c>--payload</c>).</summary>
    public int PayloadBytes { get; init; }

    /// <summary>After sending stops, how long to wait for the last acks and deliveries (<c>--drain-timeout</c>).</summary>
    public TimeSpan DrainTimeout { get; init; }

    /// <summary>catchup: rooms the returning client is in (<c>--rooms</c>).</summary>
    public int Rooms { get; init; }

    /// <summary>catchup: events the returning client missed, over all its rooms (<c>--missed</c>).</summary>
    public int Missed { get; init; }

    /// <summary>catchup: measured rounds after the warm-up round (<c>--rounds</c>).</summary>
    public int Rounds { get; init; }

    /// <summary>history: events stored in the room before paging (<c>--events</c>).</summary>
    public long Events { get; init; }

    /// <summary>history: connections that fill the room (<c>--fillers</c>).</summary>
    public int Fillers { get; init; }

    /// <summary>history: pages to time (<c>--pages</c>).</summary>
    public int Pages { get; init; }

    /// <summary>history: events per page (<c>--page-size</c>).</summary>
    public int PageSize { get; init; }

    /// <summary>history: how long the server must be quiet before its memory is read (<c>--quiet</c>).</summary>
    public TimeSpan Quiet { get; init; }

    /// <summary>The server's data directory, for the size of its files (<c>--data-dir</c>).</summary>
    public string? DataDir { get; init; }

    /// <summary>The server's process id on this machine, for its memory and CPU (<c>--server-pid</c>).</summary>
    public int? ServerPid { get; init; }

    /// <summary>Print one JSON line instead of the summary (<c>--json</c>).</summary>
    public bool Json { get; init; }

    /// <summary>Show the live progress line on standard error (off with <c>--no-progress</c>).</summary>
    public bool Progress { get; init; }

    /// <summary>Connections being opened at once (<c>--connect-concurrency</c>).</summary>
    public int ConnectConcurrency { get; init; }

    /// <summary>Receive buffer per client to start with, bytes (<c>--read-buffer</c>).</summary>
    public int ReadBufferBytes { get; init; }

    /// <summary>How long one client waits for its welcome and room frames (<c>--join-timeout</c>).</summary>
    public TimeSpan JoinTimeout { get; init; }
}
