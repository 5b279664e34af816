using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using Piazza.Protocol;

namespace Piazza.Client.Core.Tests;

/// <summary>The server side of one accepted connection, driven by the test.</summary>
public sealed class FakePeer : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public FakePeer(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
    }

    /// <summary>The next frame the client sent; throws on a line that is not a frame, on the end, or after the timeout.</summary>
    public async Task<Frame> ReadFrameAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Wait.Default);
        while (true)
        {
            ReadResult read;
            try
            {
                read = await _reader.ReadAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("The client sent no frame in time.");
            }

            var buffer = read.Buffer;
            var result = FrameDecoder.Read(ref buffer, ProtocolLimits.MaxClientFrameBytes);
            if (result.Status == FrameReadStatus.Frame)
            {
                _reader.AdvanceTo(buffer.Start);
                return result.Frame!;
            }

            if (result.Status != FrameReadStatus.NeedMoreData)
            {
                throw new InvalidOperationException($"The client sent an invalid frame: {result.Error}");
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
            if (read.IsCompleted)
            {
                throw new EndOfStreamException("The client closed the connection.");
            }
        }
    }

    /// <summary>The next frame, which must be a <typeparamref name="T"/>.</summary>
    public async Task<T> ExpectAsync<T>(TimeSpan? timeout = null) where T : Frame
    {
        var frame = await ReadFrameAsync(timeout);
        return frame as T ?? throw new InvalidOperationException($"Expected a {typeof(T).Name}, got {frame}.");
    }

    /// <summary>True once the client has closed its side (after reading and dropping anything it still sent).</summary>
    public async Task<bool> WaitForCloseAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Wait.Default);
        try
        {
            while (true)
            {
                var read = await _reader.ReadAsync(cts.Token);
                _reader.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted)
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>Waits for bytes of any kind (a TLS ClientHello, say) and consumes them; their count, or 0 at the end.</summary>
    public async Task<long> ReadAnyAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Wait.Default);
        var read = await _reader.ReadAsync(cts.Token);
        var length = read.Buffer.Length;
        _reader.AdvanceTo(read.Buffer.End);
        return length;
    }

    public Task SendAsync(Frame frame) => SendBytesAsync(FrameWriter.ToBytes(frame));

    public Task SendRawAsync(string text) => SendBytesAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// The welcome of protocol 2 (only the newcomer, lastId 0), then the room frame of the default
    /// room with <paramref name="others"/> and the newcomer, as a server sends to a hello that named
    /// no rooms; <paramref name="lastId"/> is the newcomer's own joined.
    /// </summary>
    public async Task WelcomeAsync(string user, string[] others, ServerLimits? limits = null, long lastId = 1)
    {
        await WelcomeOnlyAsync(user, limits);
        await OpenRoomAsync(Fake.Room, [.. others, user], lastId);
    }

    /// <summary>The welcome of protocol 2 alone: the rooms follow in their own frames.</summary>
    public Task WelcomeOnlyAsync(string user, ServerLimits? limits = null) =>
        SendAsync(new WelcomeFrame(user, [user], "session-" + user, 0, limits ?? ServerLimits.Default, "fake/0.1"));

    /// <summary>A room frame: the room's state when the client's view of it begins.</summary>
    public Task OpenRoomAsync(string room, string[] users, long lastId, string epoch = Fake.Epoch, bool truncated = false, string? topic = null) =>
        SendAsync(new RoomFrame(room, topic, users, lastId, epoch, truncated));

    /// <summary>The next history request; throws on any other frame.</summary>
    public Task<HistoryFrame> ExpectHistoryAsync() => ExpectAsync<HistoryFrame>();

    /// <summary>Closes the connection in an orderly way (FIN).</summary>
    public void Close()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed or reset: nothing left to close politely.
        }

        _socket.Close();
    }

    public async ValueTask DisposeAsync()
    {
        Close();
        await _reader.CompleteAsync();
        await _stream.DisposeAsync();
        _socket.Dispose();
        _writeLock.Dispose();
    }

    /// <summary>Sends bytes as they are.</summary>
    public async Task SendBytesAsync(byte[] bytes)
    {
        await _writeLock.WaitAsync();
        try
        {
            await _stream.WriteAsync(bytes);
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
