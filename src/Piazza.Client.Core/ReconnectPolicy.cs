namespace Piazza.Client.Core;

/// <summary>
/// Exponential backoff with jitter, capped near <see cref="MaxDelay"/>; the client never gives up
/// by itself, it keeps trying at the cap until told to stop.
/// </summary>
/// <param name="InitialDelay">The delay before the first attempt (before jitter).</param>
/// <param name="MaxDelay">The longest delay between attempts; jitter only ever shortens it.</param>
/// <param name="Jitter">
/// The fraction, 0 to 1, by which each delay is randomly shortened, so that many clients that lost
/// the same server do not all come back at the same instant.
/// </param>
public sealed record ReconnectPolicy(TimeSpan InitialDelay, TimeSpan MaxDelay, double Jitter)
{
    /// <summary>0.5 s, doubling up to 30 s, each delay shortened by up to 20 %.</summary>
    public static ReconnectPolicy Default { get; } = new(TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(30), 0.2);

    /// <summary>
    /// The delay before attempt <paramref name="attempt"/> (1 for the first): with
    /// <c>d = min(MaxDelay, InitialDelay * 2^(attempt - 1))</c>, a value in
    /// <c>[d * (1 - Jitter), d]</c> drawn from <paramref name="random"/>.
    /// </summary>
    public TimeSpan DelayFor(int attempt, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        ArgumentNullException.ThrowIfNull(random);
        Validate();

        // Past 2^62 the product is beyond any TimeSpan anyway; the cap decides.
        var exponent = Math.Min(attempt - 1, 62);
        var ceiling = Math.Min((double)MaxDelay.Ticks, InitialDelay.Ticks * Math.Pow(2, exponent));
        var factor = 1 - (Jitter * random.NextDouble());
        return TimeSpan.FromTicks((long)(ceiling * factor));
    }

    /// <summary>Throws when the numbers make no sense, naming the one at fault.</summary>
    public void Validate()
    {
        if (InitialDelay <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(InitialDelay), InitialDelay, "InitialDelay must be positive.");
        }

        if (MaxDelay < InitialDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDelay), MaxDelay, "MaxDelay must be at least InitialDelay.");
        }

        if (double.IsNaN(Jitter) || Jitter is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Jitter), Jitter, "Jitter must be a fraction from 0 to 1.");
        }
    }
}
