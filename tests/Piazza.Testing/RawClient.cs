using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Piazza.Protocol;

namespace Piazza.Testing;

/// <summary>
/// A protocol client with nothing hidden: it sends exactly the bytes a test gives it and hands
/// back every frame the server sent, in order. It checks that whatever the server sends is a
/// valid frame.
/// </summary>
public sealed class RawClient : IAsyncDisposable
{
    private readonly byte[] _buffer;
    private readonly int _readChunk;
    private readonly List<Frame> _received = [];
    private int _start;
    private int _end;
    private bool _ended;

    private readonly SslStream? _tls;

    private RawClient(Socket socket, int readChunk, SslStream? tls = null)
    {
        Socket = socket;
        _tls = tls;
        _readChunk = readChunk;
        _buffer = new byte[ProtocolLimits.MaxServerFrameBytes + readChunk];
    }

    public Socket Socket { get; }

    /// <summary>The TLS stream of a client made by <see cref="ConnectTlsAsync"/>; null over plain text.</summary>
    public SslStream? Tls => _tls;

    /// <summary>Every frame received so far, in order.</summary>
    public IReadOnlyList<Frame> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>
    /// Whether frames are kept in <see cref="Received"/> (the default). Tests that push megabytes
    /// through a client and measure memory turn it off; frames are still returned as they arrive.
    /// </summary>
    public bool KeepReceived { get; set; } = true;

    /// <summary>The username after a successful <see cref="JoinAsync"/>.</summary>
    public string? User { get; private set; }

    /// <summary>True once the server closed the connection (end of stream or reset).</summary>
    public bool Ended => _ended;

    /// <param name="port">The server's port on 127.0.0.1.</param>
    /// <param name="readChunk">The most bytes one receive asks for; small values prove reassembly.</param>
    /// <param name="receiveBufferBytes">SO_RCVBUF, to make a client that never reads fill up sooner.</param>
    /// <param name="local">A local address to connect from (default: chosen by the OS).</param>
    /// <param name="remote">The server address (default 127.0.0.1).</param>
    public static async Task<RawClient> ConnectAsync(
        int port, int readChunk = 64 * 1024, int? receiveBufferBytes = null, IPAddress? local = null, IPAddress? remote = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (receiveBufferBytes is { } size)
        {
            socket.ReceiveBufferSize = size;
        }

        if (local is not null)
        {
            socket.Bind(new IPEndPoint(local, 0));
        }

        using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);
        await socket.ConnectAsync(new IPEndPoint(remote ?? IPAddress.Loopback, port), timeout.Token);
        return new RawClient(socket, readChunk);
    }

    /// <summary>
    /// Connects and completes a TLS handshake (TLS 1.2 or 1.3 unless <paramref name="protocols"/>
    /// says otherwise), accepting the server's certificate only when its fingerprint is
    /// <paramref name="fingerprint"/>; then frames go through TLS.
    /// </summary>
    /// <exception cref="AuthenticationException">The handshake failed.</exception>
    public static async Task<RawClient> ConnectTlsAsync(
        int port, string fingerprint, IPAddress? local = null, IPAddress? remote = null, SslProtocols protocols = SslProtocols.Tls12 | SslProtocols.Tls13)
    {
        var plain = await ConnectAsync(port, local: local, remote: remote);
        var tls = new SslStream(new NetworkStream(plain.Socket, ownsSocket: false), leaveInnerStreamOpen: false);
        try
        {
            using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = (remote ?? IPAddress.Loopback).ToString(),
                EnabledSslProtocols = protocols,
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && Piazza.Protocol.CertificateFingerprint.Of(new System.Security.Cryptography.X509Certificates.X509Certificate2(certificate)) == fingerprint,
            }, timeout.Token);
        }
        catch
        {
            await tls.DisposeAsync();
            plain.Socket.Dispose();
            throw;
        }

        return new RawClient(plain.Socket, plain._readChunk, tls);
    }

    public Task SendLineAsync(string json) => SendRawAsync(Encoding.UTF8.GetBytes(json + "\n"));

    public Task SendAsync(Frame frame) => SendRawAsync(FrameWriter.ToBytes(frame));

    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes)
    {
        if (_tls is not null)
        {
            await _tls.WriteAsync(bytes);
            return;
        }

        while (!bytes.IsEmpty)
        {
            var sent = await Socket.SendAsync(bytes, SocketFlags.None);
            bytes = bytes[sent..];
        }
    }

    /// <summary>Sends hello and waits for the welcome; throws with the server's error if refused.</summary>
    public async Task<WelcomeFrame> JoinAsync(string user, TimeSpan? timeout = null)
    {
        await SendAsync(new HelloFrame(user, Client: "piazza-tests"));
        var answer = await ExpectAsync<Frame>(f => f is WelcomeFrame or ErrorFrame, timeout);
        if (answer is ErrorFrame error)
        {
            throw new InvalidOperationException($"Join as '{user}' refused: {error.Code}: {error.Message}");
        }

        User = user;
        return (WelcomeFrame)answer;
    }

    /// <summary>The next frame; throws <see cref="EndOfStreamException"/> if the server closed first.</summary>
    public async Task<Frame> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? Eventually.DefaultTimeout);
        try
        {
            return await ReceiveCoreAsync(cancel.Token) ?? throw new EndOfStreamException("The server closed the connection.");
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"No frame within {(timeout ?? Eventually.DefaultTimeout).TotalSeconds:0.#} s.");
        }
    }

    /// <summary>Reads until a frame of type <typeparamref name="T"/> matching <paramref name="match"/> arrives.</summary>
    public async Task<T> ExpectAsync<T>(Func<T, bool>? match = null, TimeSpan? timeout = null)
        where T : Frame
    {
        var deadline = DateTime.UtcNow + (timeout ?? Eventually.DefaultTimeout);
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No matching {typeof(T).Name} in time; received: {Describe()}");
            }

            Frame frame;
            try
            {
                frame = await ReceiveAsync(left);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"No matching {typeof(T).Name} in time; received: {Describe()}");
            }
            catch (EndOfStreamException)
            {
                throw new EndOfStreamException($"Closed before a matching {typeof(T).Name}; received: {Describe()}");
            }

            if (frame is T typed && (match is null || match(typed)))
            {
                return typed;
            }
        }
    }

    /// <summary>The next error frame with <paramref name="code"/>.</summary>
    public Task<ErrorFrame> ExpectErrorAsync(string code, TimeSpan? timeout = null) =>
        ExpectAsync<ErrorFrame>(e => e.Code == code, timeout);

    /// <summary>Reads everything until the server closes the connection; returns what came.</summary>
    public async Task<IReadOnlyList<Frame>> ReadToEndAsync(TimeSpan? timeout = null)
    {
        var frames = new List<Frame>();
        using var cancel = new CancellationTokenSource(timeout ?? Eventually.DefaultTimeout);
        try
        {
            while (await ReceiveCoreAsync(cancel.Token) is { } frame)
            {
                frames.Add(frame);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"The server did not close the connection in time; received: {Describe()}");
        }

        return frames;
    }

    /// <summary>Closes abruptly with a TCP reset (no FIN, no bye): a crashed client.</summary>
    public void Reset()
    {
        Socket.LingerState = new LingerOption(true, 0);
        Socket.Close();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Socket.Connected)
            {
                Socket.Shutdown(SocketShutdown.Both);
            }
        }
        catch (SocketException)
        {
            // Already reset by the peer.
        }

        if (_tls is not null)
        {
            await _tls.DisposeAsync();
        }

        Socket.Dispose();
    }

    private async Task<Frame?> ReceiveCoreAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_end > _start)
            {
                var pending = new ReadOnlySequence<byte>(_buffer, _start, _end - _start);
                var result = FrameDecoder.Read(ref pending, ProtocolLimits.MaxServerFrameBytes);
                _start = _end - (int)pending.Length;
                switch (result.Status)
                {
                    case FrameReadStatus.Frame:
                        if (KeepReceived)
                        {
                            lock (_received)
                            {
                                _received.Add(result.Frame!);
                            }
                        }

                        return result.Frame;
                    case FrameReadStatus.Invalid:
                    case FrameReadStatus.TooLarge:
                        throw new InvalidDataException($"The server sent an invalid frame: {result.Error}");
                }
            }

            if (_ended)
            {
                return null;
            }

            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }

            int received;
            try
            {
                var space = _buffer.AsMemory(_end, Math.Min(_readChunk, _buffer.Length - _end));
                received = _tls is not null
                    ? await _tls.ReadAsync(space, cancellationToken)
                    : await Socket.ReceiveAsync(space, SocketFlags.None, cancellationToken);
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
            {
                received = 0;
            }
            catch (IOException) when (_tls is not null)
            {
                // The server cut the TCP connection under TLS (no close_notify): the end all the same.
                received = 0;
            }

            if (received == 0)
            {
                _ended = true;
                if (_end > _start)
                {
                    continue;
                }

                return null;
            }

            _end += received;
        }
    }

    private string Describe()
    {
        var frames = Received;
        var shown = frames.Skip(Math.Max(0, frames.Count - 8)).Select(f => f.ToString());
        return frames.Count == 0 ? "nothing" : $"{frames.Count} frames, last: " + string.Join(" | ", shown);
    }
}
