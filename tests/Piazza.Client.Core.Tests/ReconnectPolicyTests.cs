namespace Piazza.Client.Core.Tests;

public sealed class ReconnectPolicyTests
{
    /// <summary>Always returns the same number, to pin the jitter to one end of its range.</summary>
    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }

    [Fact]
    public void Without_jitter_the_delay_doubles_from_the_initial_delay_until_the_cap()
    {
        var policy = ReconnectPolicy.Default with { Jitter = 0 };
        var delays = Enumerable.Range(1, 10).Select(n => policy.DelayFor(n, new FixedRandom(0.5)).TotalSeconds).ToArray();

        Assert.Equal([0.5, 1, 2, 4, 8, 16, 30, 30, 30, 30], delays);
    }

    [Fact]
    public void Jitter_only_shortens_a_delay_and_by_at_most_the_jitter_fraction()
    {
        var policy = ReconnectPolicy.Default;
        for (var attempt = 1; attempt <= 12; attempt++)
        {
            var ceiling = Math.Min(30, 0.5 * Math.Pow(2, attempt - 1));
            Assert.Equal(ceiling, policy.DelayFor(attempt, new FixedRandom(0)).TotalSeconds, 6);
            Assert.Equal(ceiling * 0.8, policy.DelayFor(attempt, new FixedRandom(1)).TotalSeconds, 6);
        }
    }

    [Fact]
    public void Random_delays_stay_within_bounds_and_actually_vary()
    {
        var policy = ReconnectPolicy.Default;
        var random = new Random(1234);
        var atCap = new HashSet<long>();
        for (var i = 0; i < 2000; i++)
        {
            var attempt = 1 + (i % 15);
            var delay = policy.DelayFor(attempt, random);
            var ceiling = TimeSpan.FromSeconds(Math.Min(30, 0.5 * Math.Pow(2, attempt - 1)));
            Assert.InRange(delay, ceiling * 0.8, ceiling);
            Assert.True(delay <= policy.MaxDelay);
            if (attempt >= 8)
            {
                atCap.Add(delay.Ticks);
            }
        }

        // Clients that lost the same server must not all come back at the same instant.
        Assert.True(atCap.Count > 100, $"only {atCap.Count} distinct delays at the cap");
    }

    [Fact]
    public void A_very_high_attempt_number_stays_at_the_cap_instead_of_overflowing()
    {
        var delay = ReconnectPolicy.Default.DelayFor(int.MaxValue, new FixedRandom(0));

        Assert.Equal(TimeSpan.FromSeconds(30), delay);
    }

    [Fact]
    public void Attempts_are_numbered_from_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReconnectPolicy.Default.DelayFor(0, Random.Shared));
    }

    [Theory]
    [InlineData(0, 30, 0.2, "InitialDelay")]
    [InlineData(5, 1, 0.2, "MaxDelay")]
    [InlineData(0.5, 30, -0.1, "Jitter")]
    [InlineData(0.5, 30, 1.5, "Jitter")]
    public void Nonsense_numbers_are_refused_naming_the_one_at_fault(double initial, double max, double jitter, string field)
    {
        var policy = new ReconnectPolicy(TimeSpan.FromSeconds(initial), TimeSpan.FromSeconds(max), jitter);

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => policy.DelayFor(1, Random.Shared));

        Assert.Equal(field, ex.ParamName);
    }
}
