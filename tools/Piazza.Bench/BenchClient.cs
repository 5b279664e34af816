using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Piazza.Protocol;

namespace Piazza.Bench;

/// <summary>
/// One bench connection: it joins, answers pings, and counts what arrives. The receive path reads
/// into a pooled buffer, cuts lines with a vectorized newline search and reads the few fields it
/// needs by scanning (<see cref="FrameScan"/>); it allocates nothing per frame. Frames it cannot
/// scan go to the protocol's own parser.
/// </summary>
internal sealed class BenchClient
{
    private static readonly byte[] Pong = FrameWriter.ToBytes(PongFrame.Instance);

    private readonly RunContext _context;
    private readonly int _readBufferBytes;
    private readonly bool _holdBuffer;
    private readonly long[] _nextSeq;
    private readonly Lock _sendLock = new();
    private readonly TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _skipping;
    private long _received;
    private long _acks;
    private long _lastId;
    private long _outOfOrder;
    private long _gaps;
    private long _joinedSeen;
    private long _slowLeftSeen;
    private long _errors;
    private volatile bool _ended;
    private volatile string? _firstError;

    private BenchClient(Socket socket, int index, string user, RunContext context, int readBufferBytes, bool holdBuffer)
    {
        Socket = socket;
        Index = index;
        User = user;
        _context = context;
        _readBufferBytes = readBufferBytes;
        _holdBuffer = holdBuffer;
        _nextSeq = new long[context.Senders];
    }

    public Socket Socket { get; }

    public int Index { get; }

    public string User { get; }

    /// <summary>The bench's own messages received (this run's, live, not replayed).</summary>
    public long Received => Volatile.Read(ref _received);

    public long Acks => Volatile.Read(ref _acks);

    public long OutOfOrder => Volatile.Read(ref _outOfOrder);

    /// <summary>Sequence numbers skipped so far: messages that have not arrived (yet) while later ones did.</summary>
    public long Gaps => Volatile.Read(ref _gaps);

    public long JoinedSeen => Volatile.Read(ref _joinedSeen);

    /// <summary><c>left</c> events with reason <c>slow</c>: another member was evicted.</summary>
    public long SlowLeftSeen => Volatile.Read(ref _slowLeftSeen);

    public long Errors => Volatile.Read(ref _errors);

    public string? FirstError => _firstError;

    /// <summary>The server closed the connection, or it failed.</summary>
    public bool Ended => _ended;

    /// <summary>Connects from <paramref name="local"/> (or any address), starts reading, sends hello and waits for the welcome.</summary>
    public static async Task<BenchClient> ConnectAsync(
        IPEndPoint server, IPAddress? local, int index, string user, RunContext context,
        int readBufferBytes, bool holdBuffer, TimeSpan joinTimeout, CancellationToken cancellationToken)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (local is not null)
            {
                socket.Bind(new IPEndPoint(local, 0));
            }

            await socket.ConnectAsync(server, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var client = new BenchClient(socket, index, user, context, readBufferBytes, holdBuffer);
        // Nothing awaits the loop: it records its own end (Ended, FirstError) for the tallies.
        _ = client.ReceiveLoopAsync(cancellationToken);
        try
        {
            if (!client.SendRaw(FrameWriter.ToBytes(new HelloFrame(user, ProtocolLimits.ProtocolVersion, "piazza-bench/0.1"))))
            {
                throw new IOException($"{user}: the connection failed before hello was sent.");
            }

            await client._joined.Task.WaitAsync(joinTimeout, cancellationToken);
        }
        catch
        {
            client.Close();
            throw;
        }

        return client;
    }

    /// <summary>Sends whole bytes; false when the connection is gone. Safe from any thread.</summary>
    public bool SendRaw(ReadOnlySpan<byte> bytes)
    {
        try
        {
            lock (_sendLock)
            {
                while (!bytes.IsEmpty)
                {
                    bytes = bytes[Socket.Send(bytes, SocketFlags.None)..];
                }
            }

            return true;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            _ended = true;
            return false;
        }
    }

    public void Close()
    {
        _ended = true;
        Socket.Dispose();
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        byte[]? buffer = _holdBuffer ? ArrayPool<byte>.Shared.Rent(_readBufferBytes) : null;
        int start = 0, end = 0;
        try
        {
            while (true)
            {
                if (buffer is null)
                {
                    // Idle connections wait without a buffer: memory stays with the connections that have data.
                    await Socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, cancellationToken);
                    buffer = ArrayPool<byte>.Shared.Rent(_readBufferBytes);
                }
                else if (end == buffer.Length)
                {
                    if (start > 0)
                    {
                        buffer.AsSpan(start, end - start).CopyTo(buffer);
                        end -= start;
                        start = 0;
                    }
                    else
                    {
                        // A frame longer than the buffer (a welcome to a big room): skip to its end.
                        OnOverlongFrame(buffer.AsSpan(0, end));
                        start = end = 0;
                    }
                }

                var received = await Socket.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None, cancellationToken);
                if (received == 0)
                {
                    break;
                }

                end += received;
                Process(buffer, ref start, end);
                if (start == end)
                {
                    start = end = 0;
                    if (!_holdBuffer)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = null;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Closed by us, by the server, or the run was cancelled.
        }
        finally
        {
            _ended = true;
            _joined.TrySetException(new IOException($"{User}: the server closed the connection before welcome{Describe(_firstError)}."));
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static string Describe(string? error) => error is null ? "" : $" ({error})";

    private void Process(byte[] buffer, ref int start, int end)
    {
        while (start < end)
        {
            var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
            if (newline < 0)
            {
                if (_skipping)
                {
                    start = end;
                }

                return;
            }

            if (_skipping)
            {
                _skipping = false;
            }
            else
            {
                HandleLine(buffer, start, newline);
            }

            start += newline + 1;
        }
    }

    private void OnOverlongFrame(ReadOnlySpan<byte> head)
    {
        // Only welcome (and users) grow this large; neither carries a field the bench measures.
        var type = FrameScan.LeadingType(head);
        if (type.SequenceEqual("welcome"u8))
        {
            _joined.TrySetResult();
        }

        _skipping = true;
    }

    private void HandleLine(byte[] buffer, int offset, int length)
    {
        var line = buffer.AsSpan(offset, length);
        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        var type = FrameScan.LeadingType(line);
        if (type.SequenceEqual("message"u8))
        {
            if (!OnMessage(line))
            {
                Fallback(buffer, offset, length);
            }
        }
        else if (type.SequenceEqual("ack"u8))
        {
            _acks++;
        }
        else if (type.SequenceEqual("joined"u8))
        {
            _joinedSeen++;
        }
        else if (type.SequenceEqual("left"u8))
        {
            OnLeft(FrameScan.RawString(line, "\"reason\":\""u8).SequenceEqual("slow"u8));
        }
        else if (type.SequenceEqual("ping"u8))
        {
            SendRaw(Pong);
        }
        else if (type.SequenceEqual("welcome"u8))
        {
            _joined.TrySetResult();
        }
        else if (type.IsEmpty)
        {
            // Not in the server's usual shape (or a blank line): let the real parser decide.
            Fallback(buffer, offset, length);
        }
        else if (type.SequenceEqual("error"u8) || type.SequenceEqual("shutdown"u8))
        {
            // Rare: parse fully for a readable report.
            Fallback(buffer, offset, length);
        }
    }

    private bool OnMessage(ReadOnlySpan<byte> line)
    {
        if (line.EndsWith(",\"replay\":true}"u8))
        {
            // History replayed on joining: not part of this run's traffic.
            return true;
        }

        if (!FrameScan.TryGetInt64(line, "\"id\":"u8, out var id))
        {
            return false;
        }

        // Texts that are not this run's (someone else chatting in the room) are not counted.
        var text = FrameScan.RawString(line, "\"text\":\""u8);
        if (_context.Payload.TryRead(text, out var sender, out var seq, out var sent))
        {
            Count(id, sender, seq, sent);
        }

        return true;
    }

    private void Count(long id, int sender, long seq, long sent)
    {
        var now = Stopwatch.GetTimestamp();
        if (id <= _lastId)
        {
            _outOfOrder++;
        }
        else
        {
            _lastId = id;
        }

        if ((uint)sender < (uint)_nextSeq.Length)
        {
            var expected = _nextSeq[sender];
            if (seq == expected)
            {
                _nextSeq[sender] = seq + 1;
            }
            else if (seq > expected)
            {
                _gaps += seq - expected;
                _nextSeq[sender] = seq + 1;
            }
            else
            {
                _outOfOrder++;
            }
        }

        Volatile.Write(ref _received, _received + 1);
        if (sent >= _context.MeasureFrom)
        {
            _context.Latency.Record(sent, now);
        }
    }

    private void OnLeft(bool slow)
    {
        if (slow)
        {
            _slowLeftSeen++;
        }
    }

    private void Fallback(byte[] buffer, int offset, int length)
    {
        var sequence = new ReadOnlySequence<byte>(buffer, offset, length + 1);
        var result = FrameDecoder.Read(ref sequence, ProtocolLimits.MaxServerFrameBytes);
        switch (result.Status)
        {
            case FrameReadStatus.Frame:
                OnFrame(result.Frame!);
                break;
            case FrameReadStatus.Invalid:
            case FrameReadStatus.TooLarge:
                _errors++;
                _firstError ??= $"the server sent an invalid frame: {result.Error!.Code}: {result.Error.Message}";
                break;
        }
    }

    private void OnFrame(Frame frame)
    {
        switch (frame)
        {
            case MessageFrame { Replay: true }:
                break;
            case MessageFrame m:
                var text = Encoding.UTF8.GetBytes(m.Text);
                if (_context.Payload.TryRead(text, out var sender, out var seq, out var sent))
                {
                    Count(m.Id, sender, seq, sent);
                }

                break;
            case AckFrame:
                _acks++;
                break;
            case JoinedFrame:
                _joinedSeen++;
                break;
            case LeftFrame left:
                OnLeft(left.Reason == LeaveReasons.Slow);
                break;
            case PingFrame:
                SendRaw(Pong);
                break;
            case WelcomeFrame:
                _joined.TrySetResult();
                break;
            case ErrorFrame error:
                _errors++;
                _firstError ??= $"{error.Code}: {error.Message}";
                _joined.TrySetException(new IOException($"{User}: refused: {error.Code}: {error.Message}"));
                break;
            case ShutdownFrame:
                _firstError ??= "the server shut down";
                break;
        }
    }
}
