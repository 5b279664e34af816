namespace Piazza.Client.Core.Tests;

/// <summary>How long a test waits for something that should happen promptly before failing.</summary>
public static class Wait
{
    /// <summary>Generous, for a loaded two-core machine; a passing test never waits this long.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(15);
}
