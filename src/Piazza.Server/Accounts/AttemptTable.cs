namespace Piazza.Server.Accounts;

/// <summary>
/// Sign-in attempts per key (an address, an account): a token bucket each, holding up to
/// <c>burst</c> attempts and earning one back every <c>interval</c>. A key whose bucket is full
/// again needs no memory and is forgotten; the table holds at most <c>maxKeys</c> others, so no
/// stream of new addresses or names can grow it without bound. When it is full of keys that are
/// all still being throttled, a new key is refused too (better than forgetting who was throttled).
/// </summary>
internal sealed class AttemptTable(int burst, TimeSpan interval, int maxKeys, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private long _lastFruitlessSweep = long.MinValue;

    /// <summary>Keys held now (for tests of the bound).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _buckets.Count;
            }
        }
    }

    /// <summary>Takes one attempt for <paramref name="key"/>; false, with how long until one is earned, when none is left.</summary>
    public bool TryTake(string key, out TimeSpan retryAfter)
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            if (!_buckets.TryGetValue(key, out var bucket))
            {
                if (_buckets.Count >= maxKeys && Sweep(now) == 0)
                {
                    retryAfter = interval;
                    return false;
                }

                bucket = new Bucket(burst, now);
                _buckets.Add(key, bucket);
            }

            Refill(bucket, now);
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                retryAfter = TimeSpan.Zero;
                return true;
            }

            retryAfter = interval * (1 - bucket.Tokens);
            return false;
        }
    }

    /// <summary>Gives back an attempt that turned out to be no failure (a correct password).</summary>
    public void Refund(string key)
    {
        lock (_gate)
        {
            if (_buckets.TryGetValue(key, out var bucket))
            {
                bucket.Tokens = Math.Min(burst, bucket.Tokens + 1);
                if (bucket.Tokens >= burst)
                {
                    _buckets.Remove(key);
                }
            }
        }
    }

    private void Refill(Bucket bucket, long now)
    {
        var earned = time.GetElapsedTime(bucket.Stamp, now) / interval;
        bucket.Tokens = Math.Min(burst, bucket.Tokens + earned);
        bucket.Stamp = now;
    }

    /// <summary>
    /// Forgets every key whose bucket is full again; returns how many went. A sweep that freed
    /// nothing is not repeated for a second, so a flood of new keys against a full table costs one
    /// pass a second, not one per key.
    /// </summary>
    private int Sweep(long now)
    {
        if (_lastFruitlessSweep != long.MinValue && time.GetElapsedTime(_lastFruitlessSweep, now) < TimeSpan.FromSeconds(1))
        {
            return 0;
        }

        var full = new List<string>();
        foreach (var (key, bucket) in _buckets)
        {
            Refill(bucket, now);
            if (bucket.Tokens >= burst)
            {
                full.Add(key);
            }
        }

        foreach (var key in full)
        {
            _buckets.Remove(key);
        }

        _lastFruitlessSweep = full.Count == 0 ? now : long.MinValue;
        return full.Count;
    }

    private sealed class Bucket(double tokens, long stamp)
    {
        public double Tokens { get; set; } = tokens;

        public long Stamp { get; set; } = stamp;
    }
}
