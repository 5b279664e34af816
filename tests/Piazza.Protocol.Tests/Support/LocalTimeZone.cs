namespace Piazza.Protocol.Tests.Support;

/// <summary>
/// Sets this process's local time zone (the TZ variable, which .NET reads on Linux) until
/// disposed, so a rule about local time is checked on a machine whose own zone is UTC too.
/// The local zone is process-wide: tests that use this run in the <see cref="ChangesLocalTimeZone"/> collection.
/// </summary>
internal sealed class LocalTimeZone : IDisposable
{
    private readonly string? _previous = Environment.GetEnvironmentVariable("TZ");

    private LocalTimeZone(string zone)
    {
        Environment.SetEnvironmentVariable("TZ", zone);
        TimeZoneInfo.ClearCachedData();
        Assert.True(
            TimeZoneInfo.Local.BaseUtcOffset != TimeSpan.Zero,
            $"The local time zone did not become {zone} (is tzdata installed?): it is {TimeZoneInfo.Local.Id}.");
    }

    /// <summary>Makes <paramref name="zone"/>, which must not be UTC, the local time zone.</summary>
    public static LocalTimeZone Set(string zone) => new(zone);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("TZ", _previous);
        TimeZoneInfo.ClearCachedData();
    }
}

/// <summary>Tests that change the process's local time zone run alone.</summary>
[CollectionDefinition(nameof(ChangesLocalTimeZone), DisableParallelization = true)]
public sealed class ChangesLocalTimeZone;
