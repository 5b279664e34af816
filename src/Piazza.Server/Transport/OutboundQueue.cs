using System.Buffers;
using System.Threading.Tasks.Sources;

namespace Piazza.Server.Transport;

/// <summary>
/// One connection's outbound frames: a FIFO of serialized frames (often the same array shared by
/// every member), capped in bytes, drained by exactly one writer. Producers never wait: a frame
/// that would take the queue past its cap is refused, and the caller evicts the slow member.
/// </summary>
/// <remarks>
/// The writer waits on this object itself (an <see cref="IValueTaskSource{TResult}"/>), and a
/// producer wakes it by queueing this object (an <see cref="IThreadPoolWorkItem"/>) to the thread
/// pool, so enqueueing allocates nothing per recipient and never runs the writer inline.
/// </remarks>
internal sealed class OutboundQueue(int capacityBytes) : IValueTaskSource<bool>, IThreadPoolWorkItem
{
    private const int ShrinkAbove = 16;

    private readonly Lock _lock = new();
    private byte[][] _items = [];
    private int _head;
    private int _count;
    private int _bytes;
    private bool _completed;
    private bool _writerWaiting;
    private ManualResetValueTaskSourceCore<bool> _signal;
    private TaskCompletionSource? _roomWaiter;

    /// <summary>Bytes waiting to be handed to the socket.</summary>
    public int QueuedBytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    /// <summary>Adds a frame unless the queue is closed or the frame would pass the cap.</summary>
    /// <param name="frame">A whole serialized frame; the queue keeps a reference, never a copy.</param>
    /// <param name="ignoreCap">For the frames of joining (welcome, history) and a last error before closing.</param>
    public EnqueueResult Enqueue(byte[] frame, bool ignoreCap = false)
    {
        bool wake;
        lock (_lock)
        {
            if (_completed)
            {
                return EnqueueResult.Closed;
            }

            if (!ignoreCap && _bytes + frame.Length > capacityBytes)
            {
                return EnqueueResult.Overflow;
            }

            Append(frame);
            wake = _writerWaiting;
            _writerWaiting = false;
        }

        if (wake)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        return EnqueueResult.Accepted;
    }

    /// <summary>True while the queue holds more than its cap: an answer queued whatever the cap has not drained yet.</summary>
    public bool IsPastCap => Volatile.Read(ref _bytes) > capacityBytes;

    /// <summary>
    /// Completes when the queue holds no more than its cap, or is closed. A connection's reader
    /// waits on it before it reads on after an answer that passed the cap (a history page, a
    /// replay), so a client that asks without reading holds at most one answer past the cap,
    /// never a pile of them.
    /// </summary>
    public Task WaitForRoomAsync()
    {
        lock (_lock)
        {
            if (_completed || _bytes <= capacityBytes)
            {
                return Task.CompletedTask;
            }

            return (_roomWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }

    /// <summary>
    /// Accepts no more frames after <paramref name="lastFrame"/> (queued whatever the cap: a last
    /// error or the shutdown notice). The writer drains what is queued, then
    /// <see cref="WaitToReadAsync"/> returns false.
    /// </summary>
    public void Complete(byte[]? lastFrame = null)
    {
        bool wake;
        lock (_lock)
        {
            if (_completed)
            {
                return;
            }

            if (lastFrame is not null)
            {
                Append(lastFrame);
            }

            _completed = true;
            wake = _writerWaiting;
            _writerWaiting = false;
            ReleaseRoomWaiterLocked();
        }

        if (wake)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <summary>
    /// Waits until there may be something to take: true after a frame arrived or the queue was
    /// completed (then <see cref="TakeBatch"/> may find nothing, and the next wait says false),
    /// false at once when it is completed and drained.
    /// </summary>
    public ValueTask<bool> WaitToReadAsync()
    {
        lock (_lock)
        {
            if (_count > 0)
            {
                return new ValueTask<bool>(true);
            }

            if (_completed)
            {
                return new ValueTask<bool>(false);
            }

            _signal.Reset();
            _writerWaiting = true;
            return new ValueTask<bool>(this, _signal.Version);
        }
    }

    /// <summary>
    /// Takes what one socket send should carry. A frame queued alone, or one of at least
    /// <paramref name="maxBytes"/>, comes back whole: it is already a complete array, so it is sent
    /// without a copy or a buffer. Otherwise as many whole frames as fit in <paramref name="maxBytes"/>
    /// are copied into <paramref name="buffer"/>, which is rented from the shared pool only as large
    /// as they need (a connection that catches up on three small frames borrows 512 bytes, not 32 KiB).
    /// </summary>
    /// <param name="buffer">The caller's pooled buffer, rented or replaced here; the caller returns it.</param>
    /// <param name="maxBytes">The most one send gathers.</param>
    /// <returns>The bytes to send; empty when nothing is queued.</returns>
    public ReadOnlyMemory<byte> TakeBatch(ref byte[]? buffer, int maxBytes)
    {
        lock (_lock)
        {
            if (_count == 0)
            {
                return default;
            }

            var first = _items[_head];
            if (_count == 1 || first.Length >= maxBytes)
            {
                RemoveHead(first.Length);
                AfterTake();
                return first;
            }

            // The first frame is smaller than maxBytes and _bytes includes it, so it always fits.
            var wanted = Math.Min(_bytes, maxBytes);
            if (buffer is null || buffer.Length < wanted)
            {
                if (buffer is not null)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                buffer = ArrayPool<byte>.Shared.Rent(wanted);
            }

            var room = Math.Min(buffer.Length, maxBytes);
            var written = 0;
            while (_count > 0)
            {
                var frame = _items[_head];
                if (frame.Length > room - written)
                {
                    break;
                }

                frame.CopyTo(buffer, written);
                written += frame.Length;
                RemoveHead(frame.Length);
            }

            AfterTake();
            return buffer.AsMemory(0, written);
        }
    }

    /// <summary>Drops everything queued (the connection is gone) so the frames can be collected.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _completed = true;
            _items = [];
            _head = 0;
            _count = 0;
            _bytes = 0;
            ReleaseRoomWaiterLocked();
        }
    }

    /// <summary>After frames were taken: wakes a reader waiting for room, and lets a drained ring shrink.</summary>
    private void AfterTake()
    {
        if (_roomWaiter is not null && _bytes <= capacityBytes)
        {
            ReleaseRoomWaiterLocked();
        }

        if (_count == 0 && _items.Length > ShrinkAbove)
        {
            // A burst grew the ring; an idle connection should not keep it.
            _items = [];
            _head = 0;
        }
    }

    private void ReleaseRoomWaiterLocked()
    {
        // Its continuations run asynchronously: nothing runs under this lock.
        _roomWaiter?.TrySetResult();
        _roomWaiter = null;
    }

    private void Append(byte[] frame)
    {
        if (_count == _items.Length)
        {
            Grow();
        }

        _items[(_head + _count) % _items.Length] = frame;
        _count++;
        _bytes += frame.Length;
    }

    private void RemoveHead(int length)
    {
        _items[_head] = null!;
        _head = (_head + 1) % _items.Length;
        _count--;
        _bytes -= length;
    }

    private void Grow()
    {
        var bigger = new byte[Math.Max(4, _items.Length * 2)][];
        for (var i = 0; i < _count; i++)
        {
            bigger[i] = _items[(_head + i) % _items.Length];
        }

        _items = bigger;
        _head = 0;
    }

    void IThreadPoolWorkItem.Execute() => _signal.SetResult(true);

    bool IValueTaskSource<bool>.GetResult(short token) => _signal.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _signal.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(
        Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _signal.OnCompleted(continuation, state, token, flags);
}

/// <summary>What <see cref="OutboundQueue.Enqueue"/> did.</summary>
internal enum EnqueueResult
{
    Accepted,
    Overflow,
    Closed,
}
