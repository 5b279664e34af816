using Microsoft.Extensions.Logging;
using Piazza.Protocol;

namespace Piazza.Client.Core;

/// <summary>
/// The client's half of protocol §4: after <c>pingIntervalMs</c> of receiving nothing it pings,
/// and after <c>timeoutMs</c> of receiving nothing at all it declares the connection dead, so a
/// half-open connection is noticed even when the user sends nothing. One timer, re-armed for the
/// next deadline, so a busy connection costs nothing.
/// </summary>
internal sealed class Keepalive : IDisposable
{
    private readonly FrameConnection _connection;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _timeout;
    private readonly Action<TimeSpan> _onSilent;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private long _pingedAfter = long.MinValue;
    private bool _stopped;

    /// <summary><paramref name="interval"/> and <paramref name="timeout"/> are positive and no longer than a timer can wait.</summary>
    public Keepalive(FrameConnection connection, TimeSpan interval, TimeSpan timeout, TimeProvider time, ILogger logger, Action<TimeSpan> onSilent)
    {
        _connection = connection;
        _interval = interval;
        _timeout = timeout;
        _time = time;
        _logger = logger;
        _onSilent = onSilent;
    }

    public void Start()
    {
        lock (_gate)
        {
            _timer = _time.CreateTimer(static s => ((Keepalive)s!).Tick(), this, Min(_interval, _timeout), System.Threading.Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
            _timer?.Dispose();
        }
    }

    private void Tick()
    {
        var silent = false;
        lock (_gate)
        {
            if (_stopped || _timer is null)
            {
                return;
            }

            var last = _connection.LastReceivedTimestamp;
            var silence = _time.GetElapsedTime(last);
            if (silence >= _timeout)
            {
                _stopped = true;
                silent = true;
            }
            else
            {
                // One ping per stretch of silence: the stretch is named by when it began.
                if (silence >= _interval && _pingedAfter != last)
                {
                    _pingedAfter = last;
                    _connection.TrySend(PingFrame.Instance);
                    Log.PingSent(_logger, silence.TotalMilliseconds);
                }

                var next = (_pingedAfter == last ? _timeout : Min(_interval, _timeout)) - silence;
                _timer.Change(next > TimeSpan.Zero ? next : TimeSpan.FromMilliseconds(1), System.Threading.Timeout.InfiniteTimeSpan);
            }
        }

        if (silent)
        {
            Log.KeepaliveTimeout(_logger, _timeout.TotalMilliseconds);
            _onSilent(_timeout);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
