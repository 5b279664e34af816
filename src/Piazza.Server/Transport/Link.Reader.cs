using System.Buffers;
using Piazza.Protocol;

namespace Piazza.Server.Transport;

internal sealed partial class Link
{
    /// <summary>
    /// Reads lines until the peer leaves or the link is closed, and returns the reason. While
    /// nothing is buffered the loop waits with a zero-byte read and holds no buffer, so an idle
    /// connection costs no receive memory. It never buffers more than one line's limit.
    /// </summary>
    private async Task<string> ReadLoopAsync()
    {
        var capacity = _handler.MaxLineBytes;
        byte[]? buffer = null;
        int start = 0, end = 0;
        var first = true;
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
                    _ = await _stream.ReadAsync(Memory<byte>.Empty);
                    buffer = ArrayPool<byte>.Shared.Rent(capacity);
                }
                else if (end == capacity)
                {
                    // A partial line sits at the end of a full buffer: move it to the front.
                    buffer.AsSpan(start, end - start).CopyTo(buffer);
                    end -= start;
                    start = 0;
                }

                var received = await _stream.ReadAsync(buffer.AsMemory(end, capacity - end));
                if (received == 0)
                {
                    return LeaveReasons.Lost;
                }

                end += received;
                Volatile.Write(ref _lastReceived, Time.GetTimestamp());
                if (first)
                {
                    first = false;
                    if (SpeaksOtherTransport(buffer![0]))
                    {
                        _handler.OnTransportMismatch(_tls is not null);
                        return LeaveReasons.Error;
                    }
                }

                while (start < end)
                {
                    var pending = new ReadOnlySequence<byte>(buffer!, start, end - start);
                    var status = FrameDecoder.TryCutLine(ref pending, capacity, out var line);
                    if (status == LineStatus.NeedMoreData)
                    {
                        break;
                    }

                    if (status == LineStatus.TooLarge)
                    {
                        _handler.OnLineTooLong();
                        return LeaveReasons.Error;
                    }

                    start = end - (int)pending.Length;
                    if (IsBlank(line))
                    {
                        // Ignored by contract, and free: only lines that say something take a token.
                        continue;
                    }

                    // Flood control: without a token, stop reading until one is due. The client's
                    // sends back up in TCP; nothing is dropped.
                    TimeSpan wait;
                    while ((wait = _bucket.TryTake(Time)) > TimeSpan.Zero)
                    {
                        Hosting.ServerMetrics.Throttled.Add(1);
                        await PauseAsync(wait);
                        if (IsClosing)
                        {
                            return LeaveReasons.Lost;
                        }

                        // The line in hand was received: a client held back by flood control is
                        // not silent, however long its backlog takes to work through.
                        Volatile.Write(ref _lastReceived, Time.GetTimestamp());
                    }

                    // An answer queued whatever the cap (a replay, a history page) still fills
                    // the queue past it: nothing more is read until it drains, so a client that
                    // asks again and again without reading never piles answers up.
                    if (Queue.IsPastCap)
                    {
                        await Queue.WaitForRoomAsync();
                        if (IsClosing)
                        {
                            return LeaveReasons.Lost;
                        }
                    }

                    var handled = _handler.OnLineAsync(line);
                    var keepReading = handled.IsCompletedSuccessfully ? handled.Result : await handled;
                    if (!keepReading)
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

    /// <summary>
    /// On a TLS port, anything read before the handshake completed is plain text; on a plain-text
    /// port, a first byte that opens a TLS handshake record is a TLS client (no JSON line starts so).
    /// </summary>
    private bool SpeaksOtherTransport(byte firstByte) =>
        _tls is not null ? !IsEncrypted : firstByte == TlsAcceptor.HandshakeRecord;

    private static bool IsBlank(in ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
        {
            if (segment.Span.IndexOfAnyExcept((byte)' ', (byte)'\t', (byte)'\r') >= 0)
            {
                return false;
            }
        }

        return true;
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
