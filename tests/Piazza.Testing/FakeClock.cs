using Microsoft.Extensions.Time.Testing;

namespace Piazza.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that counts the timers created on it, so a test can wait
/// until the code under test is waiting on the clock (a <c>Task.Delay</c> is a timer) before it
/// moves the clock: moving it earlier would let the delay start from the new time.
/// </summary>
public sealed class FakeClock : FakeTimeProvider
{
    private int _timersCreated;

    public FakeClock(DateTimeOffset start)
        : base(start)
    {
        AutoAdvanceAmount = TimeSpan.Zero;
    }

    /// <summary>Timers created so far (the server's heartbeat is one; each flood-control pause is one).</summary>
    public int TimersCreated => Volatile.Read(ref _timersCreated);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _timersCreated);
        return timer;
    }

    /// <summary>Waits until at least <paramref name="count"/> timers have been created.</summary>
    public Task WaitForTimersAsync(int count, TimeSpan? timeout = null) =>
        Eventually.TrueAsync(() => TimersCreated >= count, timeout, $"{count} timers on the fake clock (have {TimersCreated})");
}
