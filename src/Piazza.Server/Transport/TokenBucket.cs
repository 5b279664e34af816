namespace Piazza.Server.Transport;

/// <summary>
/// Flood control for one connection: <c>burst</c> tokens, refilled at <c>rate</c> per second.
/// A frame takes one token; without one the reader pauses (the client is slowed by TCP
/// backpressure, never dropped).
/// </summary>
internal struct TokenBucket
{
    private readonly double _burst;
    private readonly double _ratePerSecond;
    private double _tokens;
    private long _last;

    public TokenBucket(double burst, double ratePerSecond, long startTimestamp)
    {
        _burst = burst;
        _ratePerSecond = ratePerSecond;
        _tokens = burst;
        _last = startTimestamp;
    }

    /// <summary>Takes a token, or says how long until one is available.</summary>
    /// <returns><see cref="TimeSpan.Zero"/> when a token was taken; otherwise the wait.</returns>
    public TimeSpan TryTake(TimeProvider time)
    {
        var now = time.GetTimestamp();
        // From the raw timestamps: GetElapsedTime truncates to 100 ns ticks, and a reader that asks
        // often would lose that much refill on every call.
        var elapsed = (now - _last) / (double)time.TimestampFrequency;
        _last = now;
        _tokens = Math.Min(_burst, _tokens + (elapsed * _ratePerSecond));
        if (_tokens >= 1)
        {
            _tokens -= 1;
            return TimeSpan.Zero;
        }

        // Task.Delay counts whole milliseconds and returns at once for less than one: round up, so
        // a paused reader sleeps instead of spinning until the token is due.
        return TimeSpan.FromMilliseconds(Math.Ceiling((1 - _tokens) / _ratePerSecond * 1000));
    }
}
