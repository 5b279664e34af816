using System.Diagnostics;

namespace Piazza.Resilience.Tests.Support;

/// <summary>Times one message from the moment it is sent to the moment the receiver's read loop decodes it.</summary>
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
}
