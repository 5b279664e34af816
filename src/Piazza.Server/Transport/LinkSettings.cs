namespace Piazza.Server.Transport;

/// <summary>What every link of one listener shares: its limits and its clock.</summary>
internal sealed record LinkSettings(
    int SendQueueBytes,
    double RateBurst,
    double RatePerSecond,
    TimeSpan PingInterval,
    TimeSpan Timeout,
    TimeSpan HelloTimeout,
    TimeSpan SendTimeout,
    TimeSpan ShutdownGrace,
    TimeProvider Time);
