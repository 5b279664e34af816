using System.Diagnostics;

namespace Piazza.Resilience.Tests.Support;

/// <summary>Times messages from the moment each is sent to the moment the receiver's read loop decodes it.</summary>
internal static class LatencyProbe
{
    public static async Task<TimeSpan> MeasureAsync(Peer from, Peer to, string text)
    {
        var arrived = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var previous = to.Tap;
        to.Tap = frame =>
        {
            previous?.Invoke(frame);
            if (frame is MessageFrame m && m.Text == text)
            {
                arrived.TrySetResult(Stopwatch.GetTimestamp());
            }
        };
        try
        {
            var sent = Stopwatch.GetTimestamp();
            await from.SayAsync(text);
            var at = await arrived.Task.WaitAsync(Eventually.DefaultTimeout);
            return Stopwatch.GetElapsedTime(sent, at);
        }
        finally
        {
            to.Tap = previous;
        }
    }

    /// <summary>Sends <paramref name="count"/> messages one after another; each time is from send to arrival at <paramref name="to"/>.</summary>
    public static async Task<double[]> RoundTripsAsync(Peer from, Peer to, string tag, int count)
    {
        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            times[i] = (await MeasureAsync(from, to, $"{tag}-{i}")).TotalMilliseconds;
        }

        return times;
    }
}
