using Piazza.Server.Transport;

namespace Piazza.Server.Tests;

/// <summary>The byte-capped outbound queue on its own: the cap, the order, the end.</summary>
public sealed class OutboundQueueTests
{
    [Fact]
    public void A_frame_that_would_pass_the_cap_is_refused_and_the_queued_bytes_never_exceed_the_cap()
    {
        const int Cap = 10_000;
        var queue = new OutboundQueue(Cap);
        var random = new Random(7);
        var overflows = 0;
        for (var i = 0; i < 5000; i++)
        {
            var frame = new byte[random.Next(1, 2500)];
            var before = queue.QueuedBytes;
            var result = queue.Enqueue(frame);
            Assert.Equal(before + frame.Length > Cap ? EnqueueResult.Overflow : EnqueueResult.Accepted, result);
            overflows += result == EnqueueResult.Overflow ? 1 : 0;
            Assert.InRange(queue.QueuedBytes, 0, Cap);
            if (random.Next(3) == 0)
            {
                Take(queue, 3000);
            }
        }

        Assert.True(overflows > 100, $"only {overflows} overflows: the test did not reach the cap often");
    }

    [Fact]
    public void Joining_frames_may_pass_the_cap_and_then_nothing_else_fits_until_it_drains()
    {
        var queue = new OutboundQueue(1000);

        Assert.Equal(EnqueueResult.Accepted, queue.Enqueue(new byte[1500], ignoreCap: true));
        Assert.Equal(EnqueueResult.Overflow, queue.Enqueue(new byte[1]));
        Take(queue, 4096);
        Assert.Equal(EnqueueResult.Accepted, queue.Enqueue(new byte[1000]));
    }

    [Fact]
    public async Task After_Complete_the_last_frame_is_drained_then_the_reader_is_told_the_end_and_nothing_more_is_accepted()
    {
        var queue = new OutboundQueue(100);
        queue.Enqueue([1]);
        queue.Complete([9, 9]);

        Assert.Equal(EnqueueResult.Closed, queue.Enqueue([2]));
        Assert.True(await queue.WaitToReadAsync());
        Assert.Equal([1, 9, 9], Take(queue, 16));
        Assert.False(await queue.WaitToReadAsync());
    }

    [Fact]
    public async Task A_waiting_reader_wakes_for_a_frame_and_for_Complete()
    {
        var queue = new OutboundQueue(100);
        var waiting = queue.WaitToReadAsync().AsTask();
        Assert.False(waiting.IsCompleted);
        queue.Enqueue([1]);
        Assert.True(await waiting.WaitAsync(Eventually.DefaultTimeout, TestContext.Current.CancellationToken));
        Take(queue, 4);

        // Complete wakes the waiting reader; asking again, it learns that the queue has ended.
        var second = queue.WaitToReadAsync().AsTask();
        Assert.False(second.IsCompleted);
        queue.Complete();
        await second.WaitAsync(Eventually.DefaultTimeout, TestContext.Current.CancellationToken);
        Assert.Empty(Take(queue, 4));
        Assert.False(await queue.WaitToReadAsync());
    }

    /// <summary>Takes one send's worth the way the writer does, and returns its bytes.</summary>
    private static byte[] Take(OutboundQueue queue, int maxBytes)
    {
        byte[]? buffer = null;
        var taken = queue.TakeBatch(ref buffer, maxBytes).ToArray();
        if (buffer is not null)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        return taken;
    }
}
