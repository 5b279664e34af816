using Microsoft.Extensions.Logging;
using Piazza.Server.Transport;

namespace Piazza.Server.Hosting;

/// <summary>
/// One deadline scan for all connections, about once a second (finer when an interval is shorter):
/// hello deadlines, pings, timeouts, stuck sends; and a memory trim after a burst.
/// </summary>
internal sealed class Heartbeat : IAsyncDisposable
{
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<IEnumerable<Link>> _links;
    private readonly MemoryTrimmer _trimmer = new();
    private readonly ITimer _timer;
    private int _running;

    public Heartbeat(ServerOptions options, TimeProvider time, ILogger logger, Func<IEnumerable<Link>> links)
    {
        _time = time;
        _logger = logger;
        _links = links;
        var period = Period(options);
        _timer = time.CreateTimer(static state => ((Heartbeat)state!).Tick(), this, period, period);
    }

    /// <summary>Fine enough to honour the shortest configured interval, at most once a second.</summary>
    internal static TimeSpan Period(ServerOptions options)
    {
        var shortest = new[] { options.PingInterval, options.Timeout, options.HelloTimeout, options.SendTimeout }.Min();
        var period = shortest / 4;
        return period < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10)
            : period > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1)
            : period;
    }

    public ValueTask DisposeAsync() => _timer.DisposeAsync();

    private void Tick()
    {
        // Timer callbacks can overlap when a scan of many connections runs long: skip, don't pile up.
        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            return;
        }

        try
        {
            var now = _time.GetTimestamp();
            foreach (var link in _links())
            {
                link.CheckLiveness(now);
            }

            if (_trimmer.Check() is { } trim)
            {
                _logger.MemoryTrimmed(trim.CommittedBefore >> 10, trim.CommittedAfter >> 10, trim.Pause.TotalMilliseconds);
            }
        }
        catch (Exception ex)
        {
            _logger.HeartbeatFailed(ex);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }
}
