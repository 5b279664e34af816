using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Piazza.Protocol;

namespace Piazza.Bench;

/// <summary>What one room looked like when a <see cref="RoomsClient"/> joined it (its <c>room</c> frame).</summary>
internal sealed record JoinedRoom(string Room, long LastId, string Epoch, bool Truncated);

/// <summary>
/// A version 2 bench connection for the room scenarios (<c>rooms</c>, <c>catchup</c>, <c>history</c>):
/// it says hello with the rooms to join (and cursors), answers pings, records each <c>room</c>
/// frame, and hands every other frame to the scenario's <see cref="IRoomsHandler"/> as bytes.
/// Like <see cref="BenchClient"/> it scans lines instead of parsing them; unlike it, the receive
/// buffer grows for long answers (a history page of 200 events is about 50 KB).
/// </summary>
internal sealed class RoomsClient
{
    private const int MaxLineBytes = 2 * 1024 * 1024;
    private static readonly byte[] Pong = FrameWriter.ToBytes(PongFrame.Instance);

    private readonly IRoomsHandler _handler;
    private readonly int _readBufferBytes;
    private readonly Lock _sendLock = new();
    private readonly Lock _roomsLock = new();
    private readonly List<JoinedRoom> _rooms = [];
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _expectedRooms;
    private long _errors;
    private volatile bool _welcomed;
    private volatile bool _ended;
    private volatile string? _firstError;

    private RoomsClient(Socket socket, int index, string user, IRoomsHandler handler, int readBufferBytes, int expectedRooms)
    {
        Socket = socket;
        Index = index;
        User = user;
        _handler = handler;
        _readBufferBytes = readBufferBytes;
        _expectedRooms = expectedRooms;
    }

    public Socket Socket { get; }

    public int Index { get; }

    public string User { get; }

    /// <summary>Scenario state attached to this client (its room, its sender index, ...).</summary>
    public object? Tag { get; set; }

    public long Errors => Volatile.Read(ref _errors);

    public string? FirstError => _firstError;

    public bool Ended => _ended;

    /// <summary>Completes when the server has closed the connection.</summary>
    public Task Closed => _closed.Task;

    /// <summary>The <c>room</c> frames received so far, in arrival order.</summary>
    public IReadOnlyList<JoinedRoom> Rooms
    {
        get
        {
            lock (_roomsLock)
            {
                return [.. _rooms];
            }
        }
    }

    /// <summary>
    /// Connects, says hello with <paramref name="rooms"/> (room name to cursor, or null for none),
    /// and waits for the welcome and one <c>room</c> frame per room.
    /// </summary>
    public static async Task<RoomsClient> ConnectAsync(
        IPEndPoint server, IPAddress? local, int index, string user, IReadOnlyDictionary<string, RoomCursor> rooms,
        IRoomsHandler handler, int readBufferBytes, TimeSpan joinTimeout, CancellationToken cancellationToken, object? tag = null)
    {
        var client = await OpenAsync(server, local, index, user, handler, readBufferBytes, rooms.Count, cancellationToken);
        client.Tag = tag;
        try
        {
            client.SendHello(rooms);
            await client._ready.Task.WaitAsync(joinTimeout, cancellationToken);
        }
        catch
        {
            client.Close();
            throw;
        }

        return client;
    }

    /// <summary>Connects and starts reading, without saying hello (the caller times its own hello).</summary>
    public static async Task<RoomsClient> OpenAsync(
        IPEndPoint server, IPAddress? local, int index, string user, IRoomsHandler handler, int readBufferBytes,
        int expectedRooms, CancellationToken cancellationToken)
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

        var client = new RoomsClient(socket, index, user, handler, readBufferBytes, expectedRooms);
        // Nothing awaits the loop: it records its own end (Ended, FirstError, Closed).
        _ = client.ReceiveLoopAsync(cancellationToken);
        return client;
    }

    /// <summary>Sends the version 2 hello.</summary>
    public void SendHello(IReadOnlyDictionary<string, RoomCursor> rooms)
    {
        if (!SendRaw(FrameWriter.ToBytes(new HelloFrame(User, 2, "piazza-bench/0.1", Rooms: rooms))))
        {
            throw new IOException($"{User}: the connection failed before hello was sent.");
        }
    }

    /// <summary>Completes when the welcome and every expected <c>room</c> frame have arrived.</summary>
    public Task Ready => _ready.Task;

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
                    else if (buffer.Length < MaxLineBytes)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, end).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }
                    else
                    {
                        throw new IOException($"{User}: the server sent a line longer than {MaxLineBytes} bytes.");
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

                    HandleLine(buffer.AsSpan(start, newline));
                    start += newline + 1;
                }

                if (start == end)
                {
                    start = end = 0;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            if (ex is IOException)
            {
                _firstError ??= ex.Message;
            }
        }
        finally
        {
            _ended = true;
            _ready.TrySetException(new IOException($"{User}: the server closed the connection before the rooms were joined{(_firstError is null ? "" : $" ({_firstError})")}."));
            _closed.TrySetResult();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void HandleLine(ReadOnlySpan<byte> line)
    {
        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        var type = FrameScan.LeadingType(line);
        if (type.SequenceEqual("ping"u8))
        {
            SendRaw(Pong);
        }
        else if (type.SequenceEqual("welcome"u8))
        {
            _welcomed = true;
            CheckReady();
        }
        else if (type.SequenceEqual("room"u8))
        {
            if (Parse(line) is RoomFrame room)
            {
                lock (_roomsLock)
                {
                    _rooms.Add(new JoinedRoom(room.Room, room.LastId, room.Epoch, room.Truncated));
                }

                _handler.OnRoom(this, room);
                CheckReady();
            }
        }
        else if (type.SequenceEqual("error"u8))
        {
            Interlocked.Increment(ref _errors);
            var error = Parse(line) as ErrorFrame;
            _firstError ??= error is null ? "an unreadable error frame" : $"{error.Code}: {error.Message}";
            if (!_ready.Task.IsCompleted)
            {
                _ready.TrySetException(new IOException($"{User}: refused: {_firstError}"));
            }
        }
        else if (type.IsEmpty)
        {
            if (line.Trim((byte)' ').IsEmpty)
            {
                return;
            }

            Interlocked.Increment(ref _errors);
            _firstError ??= $"the server sent a frame the bench cannot read: {Encoding.UTF8.GetString(line[..Math.Min(line.Length, 120)])}";
        }
        else
        {
            _handler.OnFrame(this, type, line);
        }
    }

    private void CheckReady()
    {
        if (_welcomed)
        {
            int count;
            lock (_roomsLock)
            {
                count = _rooms.Count;
            }

            if (count >= _expectedRooms)
            {
                _ready.TrySetResult();
            }
        }
    }

    private Frame? Parse(ReadOnlySpan<byte> line)
    {
        var bytes = new byte[line.Length + 1];
        line.CopyTo(bytes);
        bytes[^1] = (byte)'\n';
        var sequence = new ReadOnlySequence<byte>(bytes);
        var result = FrameDecoder.Read(ref sequence, MaxLineBytes);
        if (result.Status != FrameReadStatus.Frame)
        {
            Interlocked.Increment(ref _errors);
            _firstError ??= $"the server sent an invalid frame: {result.Error?.Code}: {result.Error?.Message}";
            return null;
        }

        return result.Frame;
    }
}

/// <summary>What a room scenario does with the frames its clients receive (called on the receive path: keep it short).</summary>
internal interface IRoomsHandler
{
    /// <summary>A <c>room</c> frame (after it was recorded in <see cref="RoomsClient.Rooms"/>).</summary>
    void OnRoom(RoomsClient client, RoomFrame room)
    {
    }

    /// <summary>Any frame but <c>ping</c>, <c>welcome</c>, <c>room</c> and <c>error</c>, with its type.</summary>
    void OnFrame(RoomsClient client, ReadOnlySpan<byte> type, ReadOnlySpan<byte> line);
}
