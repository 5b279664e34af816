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
        var buffer = new byte[3000];
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
                queue.Dequeue(buffer, out _);
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
        queue.Dequeue(new byte[4096], out _);
        Assert.Equal(EnqueueResult.Accepted, queue.Enqueue(new byte[1000]));
    }

    [Fact]
    public void Dequeue_gathers_whole_frames_in_order_and_hands_back_an_oversized_frame_whole()
    {
        var queue = new OutboundQueue(1 << 20);
        byte[][] frames = [[1, 1, 1], [2, 2], [3, 3, 3, 3], [.. Enumerable.Repeat((byte)4, 20)], [5]];
        foreach (var frame in frames)
        {
            queue.Enqueue(frame);
        }

        var buffer = new byte[8];
        Assert.Equal(5, queue.Dequeue(buffer, out var none));
        Assert.Null(none);
        Assert.Equal([1, 1, 1, 2, 2], buffer.Take(5));
        Assert.Equal(4, queue.Dequeue(buffer, out none));
        Assert.Null(none);
        Assert.Equal(0, queue.Dequeue(buffer, out var oversized));
        Assert.Same(frames[3], oversized);
        Assert.Equal(1, queue.Dequeue(buffer, out _));
        Assert.Equal(0, queue.QueuedBytes);
    }

    [Fact]
    public async Task After_Complete_the_last_frame_is_drained_then_the_reader_is_told_the_end_and_nothing_more_is_accepted()
    {
        var queue = new OutboundQueue(100);
        queue.Enqueue([1]);
        queue.Complete([9, 9]);

        Assert.Equal(EnqueueResult.Closed, queue.Enqueue([2]));
        Assert.True(await queue.WaitToReadAsync());
        var buffer = new byte[16];
        Assert.Equal(3, queue.Dequeue(buffer, out _));
        Assert.Equal([1, 9, 9], buffer.Take(3));
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
        queue.Dequeue(new byte[4], out _);

        // Complete wakes the waiting reader; asking again, it learns that the queue has ended.
        var second = queue.WaitToReadAsync().AsTask();
        Assert.False(second.IsCompleted);
        queue.Complete();
        await second.WaitAsync(Eventually.DefaultTimeout, TestContext.Current.CancellationToken);
        Assert.Equal(0, queue.Dequeue(new byte[4], out var none));
        Assert.Null(none);
        Assert.False(await queue.WaitToReadAsync());
    }
}
