namespace Piazza.Client.Core;

/// <summary>
/// The client's copy of the server's flood control (a token bucket of the announced burst,
/// refilled at the announced rate, one token per frame), to tell when a message will be held
/// back. The server stops reading a client that is over the rate, so frames sent meanwhile queue
/// up: the estimate lets the tokens go below zero to count them.
/// </summary>
internal sealed class RateEstimate
{
    private readonly double _burst;
    private readonly double _perSecond;
    private readonly TimeProvider _time;
    private double _tokens;
    private long _last;

    /// <summary>Starts full, less the one token the <c>hello</c> took. A rate of 0 means "not announced": nothing is ever held.</summary>
    public RateEstimate(double burst, double perSecond, TimeProvider time)
    {
        _burst = burst;
        _perSecond = perSecond;
        _time = time;
        _tokens = burst - 1;
        _last = time.GetTimestamp();
    }

    /// <summary>Counts one frame sent now; returns how long the server will hold it before reading it.</summary>
    public TimeSpan Take()
    {
        if (_perSecond <= 0 || _burst <= 0)
        {
            return TimeSpan.Zero;
        }

        var now = _time.GetTimestamp();
        _tokens = Math.Min(_burst, _tokens + (_time.GetElapsedTime(_last, now).TotalSeconds * _perSecond));
        _last = now;
        var wait = _tokens >= 1 ? TimeSpan.Zero : TimeSpan.FromSeconds((1 - _tokens) / _perSecond);
        _tokens -= 1;
        return wait;
    }
}
