using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Piazza.Bench.Irc;

/// <summary>
/// One bench connection speaking IRC (<c>--irc</c>): NICK/USER, waits for 001, JOIN of the
/// bench's channel, waits for the end of NAMES (366); then answers PING and counts what
/// arrives. The bench's own texts (the same fixed layout as in the NDJSON mode, see
/// <see cref="Payload"/>) are found by searching each line for the run's marker; JOINs of others
/// are counted to know when the join storm is over. IRC has no message ids, so order is checked
/// by each sender's sequence numbers only.
/// </summary>
internal sealed class IrcBenchClient
{
    private readonly RunContext _context;
    private readonly int _readBufferBytes;
    private readonly long[] _nextSeq;
    private readonly Lock _sendLock = new();
    private readonly TaskCompletionSource _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly byte[] _joinPrefix;
    private long _received;
    private long _outOfOrder;
    private long _gaps;
    private long _joinedSeen;
    private long _errors;
    private long _echoes;
    private volatile bool _ended;
    private volatile string? _firstError;

    private IrcBenchClient(Socket socket, int index, string nick, string channel, RunContext context, int readBufferBytes)
    {
        Socket = socket;
        Index = index;
        Nick = nick;
        Channel = channel;
        _context = context;
        _readBufferBytes = readBufferBytes;
        _nextSeq = new long[context.Senders];
        _joinPrefix = Encoding.ASCII.GetBytes(":" + nick + "!");
    }

    public Socket Socket { get; }

    public int Index { get; }

    public string Nick { get; }

    public string Channel { get; }

    /// <summary>The bench's own messages received.</summary>
    public long Received => Volatile.Read(ref _received);

    public long OutOfOrder => Volatile.Read(ref _outOfOrder);

    public long Gaps => Volatile.Read(ref _gaps);

    /// <summary>JOINs of other members seen after this client joined.</summary>
    public long JoinedSeen => Volatile.Read(ref _joinedSeen);

    /// <summary>Error numerics (400-599) and ERROR lines received.</summary>
    public long Errors => Volatile.Read(ref _errors);

    public string? FirstError => _firstError;

    /// <summary>This client's own messages sent back to it (not counted as deliveries).</summary>
    public long Echoes => Volatile.Read(ref _echoes);

    public bool Ended => _ended;

    /// <summary>Connects, registers (NICK/USER, waits for 001), joins the channel and waits for the end of its NAMES.</summary>
    public static async Task<IrcBenchClient> ConnectAsync(
        IPEndPoint server, IPAddress? local, int index, string nick, string channel, RunContext context,
        int readBufferBytes, TimeSpan joinTimeout, CancellationToken cancellationToken)
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

        var client = new IrcBenchClient(socket, index, nick, channel, context, readBufferBytes);
        // Nothing awaits the loop: it records its own end (Ended, FirstError) for the tallies.
        _ = client.ReceiveLoopAsync(cancellationToken);
        try
        {
            client.SendLine($"NICK {nick}\r\nUSER {nick} 0 * :piazza-bench\r\n");
            await client._registered.Task.WaitAsync(joinTimeout, cancellationToken);
            client.SendLine($"JOIN {channel}\r\n");
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

    /// <summary>Says QUIT (so the server sees a clean leave) and closes.</summary>
    public void Close()
    {
        if (!_ended)
        {
            SendLine("QUIT :bench done\r\n");
        }

        _ended = true;
        Socket.Dispose();
    }

    private void SendLine(string line) => SendRaw(Encoding.UTF8.GetBytes(line));

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(_readBufferBytes);
        int start = 0, end = 0;
        try
        {
            while (true)
            {
                if (end == buffer.Length)
                {
                    if (start > 0)
                    {
                        buffer.AsSpan(start, end - start).CopyTo(buffer);
                        end -= start;
                        start = 0;
                    }
                    else
                    {
                        // No IRC line is this long; drop it and go on.
                        start = end = 0;
                    }
                }

                var received = await Socket.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None, cancellationToken);
                if (received == 0)
                {
                    break;
                }

                end += received;
                while (start < end)
                {
                    var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
                    if (newline < 0)
                    {
                        break;
                    }

                    var line = buffer.AsSpan(start, newline);
                    if (!line.IsEmpty && line[^1] == (byte)'\r')
                    {
                        line = line[..^1];
                    }

                    HandleLine(line);
                    start += newline + 1;
                }

                if (start == end)
                {
                    start = end = 0;
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
            var why = _firstError is null ? "" : $" ({_firstError})";
            _registered.TrySetException(new IOException($"{Nick}: the server closed the connection before 001{why}."));
            _joined.TrySetException(new IOException($"{Nick}: the server closed the connection before the JOIN completed{why}."));
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void HandleLine(ReadOnlySpan<byte> line)
    {
        var marker = line.IndexOf(_context.Payload.Marker);
        if (marker >= 0)
        {
            if (_context.Payload.TryRead(line[marker..], out var sender, out var seq, out var sent))
            {
                Count(sender, seq, sent);
            }

            return;
        }

        // Message tags, if a server sends them unasked, come first: skip them.
        if (!line.IsEmpty && line[0] == (byte)'@')
        {
            var space = line.IndexOf((byte)' ');
            line = space < 0 ? default : line[(space + 1)..];
        }

        var rest = line;
        if (!rest.IsEmpty && rest[0] == (byte)':')
        {
            var space = rest.IndexOf((byte)' ');
            rest = space < 0 ? default : rest[(space + 1)..];
        }

        var commandEnd = rest.IndexOf((byte)' ');
        var command = commandEnd < 0 ? rest : rest[..commandEnd];
        if (command.SequenceEqual("PING"u8))
        {
            var token = commandEnd < 0 ? default : rest[(commandEnd + 1)..];
            var pong = new byte[5 + token.Length + 2];
            "PONG "u8.CopyTo(pong);
            token.CopyTo(pong.AsSpan(5));
            "\r\n"u8.CopyTo(pong.AsSpan(5 + token.Length));
            SendRaw(pong);
        }
        else if (command.SequenceEqual("JOIN"u8))
        {
            if (line.StartsWith(_joinPrefix))
            {
                return;
            }

            _joinedSeen++;
        }
        else if (command.SequenceEqual("001"u8))
        {
            _registered.TrySetResult();
        }
        else if (command.SequenceEqual("366"u8))
        {
            _joined.TrySetResult();
        }
        else if (command.SequenceEqual("ERROR"u8)
            || (command.Length == 3 && command[0] is (byte)'4' or (byte)'5' && char.IsAsciiDigit((char)command[1]) && char.IsAsciiDigit((char)command[2])))
        {
            _errors++;
            var text = Encoding.UTF8.GetString(line);
            _firstError ??= $"{Nick}: {text}";
            if (command.SequenceEqual("ERROR"u8) || command.SequenceEqual("433"u8) || command.SequenceEqual("432"u8))
            {
                _registered.TrySetException(new IOException(_firstError));
            }

            if (command.SequenceEqual("403"u8) || command.SequenceEqual("405"u8) || command.SequenceEqual("471"u8) || command.SequenceEqual("473"u8) || command.SequenceEqual("474"u8))
            {
                _joined.TrySetException(new IOException(_firstError));
            }
        }
    }

    private void Count(int sender, long seq, long sent)
    {
        var now = Stopwatch.GetTimestamp();
        if (sender == Index)
        {
            // The server echoed this client's own message (echo-message is not asked for; a server may do it anyway).
            _echoes++;
            return;
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
}
