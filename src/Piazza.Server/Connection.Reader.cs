using System.Buffers;
using System.Net.Sockets;
using Piazza.Protocol;

namespace Piazza.Server;

internal sealed partial class Connection
{
    /// <summary>A frame may be this long, so a buffer this size always holds one whole frame.</summary>
    private const int ReadBufferBytes = ProtocolLimits.MaxClientFrameBytes;

    /// <summary>
    /// Reads frames until the peer leaves or the connection is closed, and returns the reason.
    /// While nothing is buffered the loop waits with a zero-byte read and holds no buffer, so an
    /// idle connection costs no receive memory. It never buffers more than one frame's limit.
    /// </summary>
    private async Task<string> ReadLoopAsync()
    {
        byte[]? buffer = null;
        int start = 0, end = 0;
        try
        {
            while (!IsClosing)
            {
                if (start == end)
                {
                    if (buffer is not null)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = null;
                    }

                    start = end = 0;
                    await _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None);
                    buffer = ArrayPool<byte>.Shared.Rent(ReadBufferBytes);
                }
                else if (end == ReadBufferBytes)
                {
                    // A partial frame sits at the end of a full buffer: move it to the front.
                    buffer.AsSpan(start, end - start).CopyTo(buffer);
                    end -= start;
                    start = 0;
                }

                var received = await _socket.ReceiveAsync(buffer.AsMemory(end, ReadBufferBytes - end), SocketFlags.None);
                if (received == 0)
                {
                    return LeaveReasons.Lost;
                }

                end += received;
                Volatile.Write(ref _lastReceived, Time.GetTimestamp());

                while (start < end)
                {
                    var pending = new ReadOnlySequence<byte>(buffer!, start, end - start);
                    var result = FrameDecoder.Read(ref pending, ProtocolLimits.MaxClientFrameBytes);
                    start = end - (int)pending.Length;
                    if (result.Status == FrameReadStatus.NeedMoreData)
                    {
                        break;
                    }

                    if (result.Status == FrameReadStatus.TooLarge)
                    {
                        Logger.ProtocolViolation(Id, Remote, ErrorCodes.FrameTooLarge);
                        Close(LeaveReasons.Error, StockFrames.FrameTooLarge);
                        return LeaveReasons.Error;
                    }

                    // Flood control: without a token, stop reading until one is due. The client's
                    // sends back up in TCP; nothing is dropped.
                    TimeSpan wait;
                    while ((wait = _bucket.TryTake(Time)) > TimeSpan.Zero)
                    {
                        await PauseAsync(wait);
                        if (IsClosing)
                        {
                            return LeaveReasons.Lost;
                        }

                        // The frame in hand was received: a client held back by flood control is
                        // not silent, however long its backlog takes to work through.
                        Volatile.Write(ref _lastReceived, Time.GetTimestamp());
                    }

                    if (!Handle(result))
                    {
                        return LeaveReasons.Quit;
                    }
                }
            }

            return LeaveReasons.Lost;
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private async Task PauseAsync(TimeSpan wait)
    {
        _pauseCancellation ??= new CancellationTokenSource();
        if (IsClosing)
        {
            return;
        }

        try
        {
            await Task.Delay(wait, Time, _pauseCancellation.Token);
        }
        catch (OperationCanceledException)
        {
            // Closed while paused: the loop sees IsClosing and ends.
        }
    }
}
