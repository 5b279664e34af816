using System.Diagnostics;

namespace Piazza.Bench;

/// <summary>What every client of one run shares: the payload format, the latency recorder and the measurement window.</summary>
internal sealed class RunContext(Payload payload, int senders)
{
    private long _measureFrom = long.MaxValue;

    public Payload Payload { get; } = payload;

    public int Senders { get; } = senders;

    public LatencyRecorder Latency { get; } = new();

    /// <summary>Messages sent at or after this timestamp have their latency recorded (warm-up excluded).</summary>
    public long MeasureFrom => Volatile.Read(ref _measureFrom);

    public void StartMeasuring() => Volatile.Write(ref _measureFrom, Stopwatch.GetTimestamp());
}
