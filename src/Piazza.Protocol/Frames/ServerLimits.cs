namespace Piazza.Protocol;

/// <summary>The limits a server announces in its <c>welcome</c>.</summary>
/// <param name="MaxText">The most Unicode scalar values in a message text.</param>
/// <param name="MaxFrame">The largest client-to-server frame in bytes, newline included.</param>
/// <param name="PingIntervalMs">Silence, in milliseconds, after which a side pings.</param>
/// <param name="TimeoutMs">Silence, in milliseconds, after which a side gives the connection up.</param>
/// <param name="RateBurst">Frames a client may send at once before flood control slows it (0: not announced).</param>
/// <param name="RatePerSecond">Frames per second a client earns back (0: not announced).</param>
public sealed record ServerLimits(int MaxText, int MaxFrame, long PingIntervalMs, long TimeoutMs, double RateBurst = 0, double RatePerSecond = 0)
{
    /// <summary>The defaults of the contract, for a welcome that announces no limits (rates not announced).</summary>
    public static ServerLimits Default { get; } =
        new(ProtocolLimits.MaxTextScalars, ProtocolLimits.MaxClientFrameBytes, 20_000, 60_000);
}
