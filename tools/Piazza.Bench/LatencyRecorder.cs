using System.Diagnostics;
using HdrHistogram;

namespace Piazza.Bench;

/// <summary>
/// Send-to-receive latency in microseconds. Each thread records into its own histogram, so the
/// receive path takes no lock and allocates nothing; the histograms are merged when read.
/// </summary>
internal sealed class LatencyRecorder
{
    /// <summary>One minute: anything slower is recorded as one minute.</summary>
    public const long HighestMicroseconds = 60_000_000;

    [ThreadStatic]
    private static Dictionary<LatencyRecorder, LongHistogram>? t_histograms;

    private readonly List<LongHistogram> _all = [];
    private readonly Lock _lock = new();
    private readonly double _ticksPerMicrosecond = Stopwatch.Frequency / 1_000_000.0;

    /// <summary>Records the time from <paramref name="sentTimestamp"/> to <paramref name="now"/>.</summary>
    public void Record(long sentTimestamp, long now)
    {
        var micros = (long)((now - sentTimestamp) / _ticksPerMicrosecond);
        Mine().RecordValue(Math.Clamp(micros, 1, HighestMicroseconds));
    }

    /// <summary>A merged copy of everything recorded so far (racy while recording goes on, exact after).</summary>
    /// <param name="into">A histogram to reuse (reset first), so the live display allocates nothing.</param>
    public LongHistogram Snapshot(LongHistogram? into = null)
    {
        var merged = into ?? NewHistogram();
        merged.Reset();
        lock (_lock)
        {
            foreach (var histogram in _all)
            {
                merged.Add(histogram);
            }
        }

        return merged;
    }

    public static LatencySummary Summarize(LongHistogram histogram) => histogram.TotalCount == 0
        ? new LatencySummary(0, 0, 0, 0, 0, 0)
        : new LatencySummary(
            histogram.TotalCount,
            Millis(histogram.GetValueAtPercentile(50)),
            Millis(histogram.GetValueAtPercentile(90)),
            Millis(histogram.GetValueAtPercentile(99)),
            Millis(histogram.GetValueAtPercentile(99.9)),
            Millis(histogram.GetMaxValue()));

    private static double Millis(long micros) => Math.Round(micros / 1000.0, 3);

    public static LongHistogram NewHistogram() => new(1, HighestMicroseconds, 3);

    private LongHistogram Mine()
    {
        var map = t_histograms ??= [];
        if (!map.TryGetValue(this, out var histogram))
        {
            histogram = NewHistogram();
            map[this] = histogram;
            lock (_lock)
            {
                _all.Add(histogram);
            }
        }

        return histogram;
    }
}

/// <summary>Latency percentiles in milliseconds.</summary>
internal sealed record LatencySummary(long Count, double P50, double P90, double P99, double P999, double Max);
