namespace Piazza.Store;

/// <summary>Times as stored: Unix milliseconds, UTC.</summary>
internal static class UnixMs
{
    public static long From(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static DateTimeOffset ToTime(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    /// <summary>The clock's time cut to whole milliseconds, as a stored event will report it.</summary>
    public static DateTimeOffset Now(TimeProvider time) => ToTime(From(time.GetUtcNow()));
}
