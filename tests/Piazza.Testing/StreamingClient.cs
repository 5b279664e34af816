using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Piazza.Protocol;

namespace Piazza.Testing;

/// <summary>
/// A protocol client for heavy traffic: it reads in the background and hands each frame to a
/// callback, in order, keeping nothing itself (unlike <see cref="RawClient"/>, which keeps every
/// frame). A frame the server sends that does not decode is recorded in <see cref="InvalidFrame"/>
/// and ends the client, so a test can assert the server never sent one.
/// </summary>
public sealed class StreamingClient : IAsyncDisposable
{
    private readonly Action<StreamingClient, Frame>? _onFrame;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private TaskCompletionSource<Frame>? _pendingJoin;
    private long _framesReceived;

    private StreamingClient(Socket socket, Action<StreamingClient, Frame>? onFrame)
    {
        Socket = socket;
        _onFrame = onFrame;
        Completion = Task.CompletedTask;
    }

    public Socket Socket { get; }

    /// <summary>The username after a successful <see cref="JoinAsync"/>.</summary>
    public string? User { get; private set; }

    /// <summary>The welcome of the last successful join.</summary>
    public WelcomeFrame? Welcome { get; private set; }

    /// <summary>Frames received so far.</summary>
    public long FramesReceived => Interlocked.Read(ref _framesReceived);

    /// <summary>Set when the server sent something that is not a valid frame.</summary>
    public string? InvalidFrame { get; private set; }

    /// <summary>Completes when the read loop ends: the server closed or reset the connection, or it was disposed.</summary>
    public Task Completion { get; private set; }

    /// <summary>True once the server ended the connection (end of stream or reset).</summary>
    public bool Ended => Completion.IsCompleted;

    /// <summary>Connects to <paramref name="server"/> and starts reading; the server's pings are answered at once, as a live client does.</summary>
    /// <param name="server">Where to connect.</param>
    /// <param name="onFrame">Called on the read loop for every frame, in order; keep it short.</param>
    /// <param name="createSocket">Creates the socket (for example inside a network namespace); default: an IPv4 TCP socket.</param>
    public static async Task<StreamingClient> ConnectAsync(
        IPEndPoint server, Action<StreamingClient, Frame>? onFrame = null, Func<Task<Socket>>? createSocket = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        var socket = createSocket is null
            ? new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
            : await createSocket();
        socket.NoDelay = true;
        try
        {
            using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);
            await socket.ConnectAsync(server, timeout.Token);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var client = new StreamingClient(socket, onFrame);
        client.Completion = client.ReadLoopAsync();
        return client;
    }

    /// <summary>
    /// Sends hello and waits for the welcome; throws with the server's error if refused. With
    /// <paramref name="protocol"/> 2 the server joins the default room and its room frame follows.
    /// </summary>
    public async Task<WelcomeFrame> JoinAsync(string user, TimeSpan? timeout = null, int? protocol = null)
    {
        var answer = new TaskCompletionSource<Frame>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _pendingJoin, answer);
        await SendAsync(new HelloFrame(user, Protocol: protocol, Client: "piazza-tests"));
        var frame = await answer.Task.WaitAsync(timeout ?? Eventually.DefaultTimeout);
        if (frame is ErrorFrame error)
        {
            throw new InvalidOperationException($"Join as '{user}' refused: {error.Code}: {error.Message}");
        }

        User = user;
        Welcome = (WelcomeFrame)frame;
        return Welcome;
    }

    public Task SendAsync(Frame frame) => SendRawAsync(FrameWriter.ToBytes(frame));

    public Task SendLineAsync(string json) => SendRawAsync(Encoding.UTF8.GetBytes(json + "\n"));

    /// <summary>Sends bytes as they are; concurrent callers are serialized so frames never interleave.</summary>
    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes)
    {
        await _sendLock.WaitAsync();
        try
        {
            while (!bytes.IsEmpty)
            {
                var sent = await Socket.SendAsync(bytes, SocketFlags.None);
                bytes = bytes[sent..];
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Closes abruptly with a TCP reset (no FIN, no bye).</summary>
    public void Reset()
    {
        try
        {
            Socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }

        Socket.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            Socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already reset or closed.
        }

        Socket.Dispose();
        await Completion;
        _sendLock.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        int start = 0, end = 0;
        try
        {
            while (true)
            {
                if (start == end)
                {
                    start = end = 0;
                }
                else if (end == buffer.Length)
                {
                    if (start == 0)
                    {
                        // A frame longer than the buffer: grow up to the contract's server frame limit.
                        if (buffer.Length >= ProtocolLimits.MaxServerFrameBytes)
                        {
                            InvalidFrame = "a frame longer than the server frame limit";
                            return;
                        }

                        Array.Resize(ref buffer, buffer.Length * 2);
                    }
                    else
                    {
                        buffer.AsSpan(start, end - start).CopyTo(buffer);
                        end -= start;
                        start = 0;
                    }
                }

                var received = await Socket.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None);
                if (received == 0)
                {
                    return;
                }

                end += received;
                while (start < end)
                {
                    var pending = new ReadOnlySequence<byte>(buffer, start, end - start);
                    var result = FrameDecoder.Read(ref pending, ProtocolLimits.MaxServerFrameBytes);
                    start = end - (int)pending.Length;
                    if (result.Status == FrameReadStatus.NeedMoreData)
                    {
                        break;
                    }

                    if (result.Status != FrameReadStatus.Frame)
                    {
                        InvalidFrame = result.Error?.ToString() ?? result.Status.ToString();
                        return;
                    }

                    Deliver(result.Frame!);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Reset by the server or closed by the test: the loop simply ends.
        }
        finally
        {
            Volatile.Read(ref _pendingJoin)?.TrySetException(new EndOfStreamException("The connection ended before the join was answered."));
        }
    }

    private async Task AnswerPingAsync()
    {
        try
        {
            await SendAsync(PongFrame.Instance);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The connection is going away; there is nobody to answer.
        }
    }

    private void Deliver(Frame frame)
    {
        Interlocked.Increment(ref _framesReceived);
        if (frame is PingFrame)
        {
            _ = AnswerPingAsync();
        }

        if (frame is WelcomeFrame or ErrorFrame && Volatile.Read(ref _pendingJoin) is { } join && !join.Task.IsCompleted
            && (frame is WelcomeFrame || ((ErrorFrame)frame).Code is ErrorCodes.InvalidUsername or ErrorCodes.UsernameTaken
                or ErrorCodes.UnsupportedProtocol or ErrorCodes.ServerFull or ErrorCodes.TooManyConnections or ErrorCodes.BadFrame))
        {
            if (frame is WelcomeFrame welcome)
            {
                // Set before the callback sees any later frame, so handlers can rely on it.
                Welcome = welcome;
                User = welcome.User;
            }

            _onFrame?.Invoke(this, frame);
            join.TrySetResult(frame);
            return;
        }

        _onFrame?.Invoke(this, frame);
    }
}
