using Piazza.Server.Transport;

namespace Piazza.Server.Tests;

/// <summary>What the writer takes for one send: a lone frame whole, or a right-sized pooled batch.</summary>
public sealed class OutboundQueueBatchTests
{
    [Fact]
    public void A_frame_queued_alone_is_handed_back_as_it_is_without_a_buffer()
    {
        var queue = new OutboundQueue(1 << 20);
        byte[] frame = [1, 2, 3];
        queue.Enqueue(frame);

        byte[]? buffer = null;
        var chunk = queue.TakeBatch(ref buffer, 32 * 1024);

        Assert.Null(buffer);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(chunk, out var segment));
        Assert.Same(frame, segment.Array);
        Assert.Equal(0, queue.QueuedBytes);
        Assert.True(queue.TakeBatch(ref buffer, 32 * 1024).IsEmpty);
    }

    [Fact]
    public void Several_frames_are_gathered_in_order_into_a_buffer_no_larger_than_needed_and_capped()
    {
        var queue = new OutboundQueue(1 << 20);
        byte[][] frames = [[1, 1, 1], [2, 2], [3, 3, 3, 3], [.. Enumerable.Repeat((byte)4, 20)], [5]];
        foreach (var frame in frames)
        {
            queue.Enqueue(frame);
        }

        byte[]? buffer = null;
        var first = queue.TakeBatch(ref buffer, maxBytes: 10);
        Assert.Equal([1, 1, 1, 2, 2, 3, 3, 3, 3], first.ToArray());
        Assert.NotNull(buffer);
        Assert.InRange(buffer.Length, 10, 64);

        // A frame of at least maxBytes goes whole, then the last one, alone, also whole.
        var big = queue.TakeBatch(ref buffer, maxBytes: 10);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(big, out var segment));
        Assert.Same(frames[3], segment.Array);
        Assert.Equal([5], queue.TakeBatch(ref buffer, maxBytes: 10).ToArray());
        Assert.Equal(0, queue.QueuedBytes);
        System.Buffers.ArrayPool<byte>.Shared.Return(buffer!);
    }

    [Fact]
    public void The_last_frame_after_Complete_is_still_taken()
    {
        var queue = new OutboundQueue(100);
        queue.Enqueue([1]);
        queue.Complete([9, 9]);

        byte[]? buffer = null;
        Assert.Equal([1, 9, 9], queue.TakeBatch(ref buffer, 1024).ToArray());
        Assert.True(queue.TakeBatch(ref buffer, 1024).IsEmpty);
        if (buffer is not null)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
