using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Piazza.Protocol;

namespace Piazza.Client.Core;

/// <summary>
/// One connection (TCP, or TLS over it) that speaks frames: a pull-based reader with one consumer at a time, and a
/// single writer loop that is the only code ever writing to the socket, so frames queued from
/// several threads (says, pongs, pings, bye) can never interleave on the wire.
/// </summary>
internal sealed class FrameConnection : IAsyncDisposable
{
    // Gather what is queued into one socket write, but not without bound.
    private const int GatherBytes = 64 * 1024;

    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly PipeReader _reader;
    private readonly Channel<Outgoing> _outbox =
        Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _closing = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Task _writer;

    private ReadOnlySequence<byte> _buffer;
    private bool _holdingBuffer;
    private bool _readCompleted;
    private long _lastReceived;
    private int _aborted;
    private Exception? _writeFailure;

    /// <param name="socket">The connected socket; aborting disposes it.</param>
    /// <param name="stream">The bytes over it: a stream over the socket, or TLS around one; disposed with the connection.</param>
    /// <param name="time">The clock that stamps what arrives.</param>
    /// <param name="logger">Where write failures go.</param>
    public FrameConnection(Socket socket, Stream stream, TimeProvider time, ILogger logger)
    {
        _socket = socket;
        _time = time;
        _logger = logger;
        _stream = stream;
        _reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        _lastReceived = time.GetTimestamp();
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>When bytes last arrived, as a <see cref="TimeProvider"/> timestamp.</summary>
    public long LastReceivedTimestamp => Volatile.Read(ref _lastReceived);

    /// <summary>Why writing failed, if it did; the connection is aborted when it does.</summary>
    public Exception? WriteFailure => Volatile.Read(ref _writeFailure);

    /// <summary>Queues a frame for the writer; false when the connection is closing.</summary>
    public bool TrySend(Frame frame) => _outbox.Writer.TryWrite(new Outgoing(frame, null));

    /// <summary>Queues a frame and completes once it has been handed to the socket.</summary>
    public async Task SendAndFlushAsync(Frame frame, CancellationToken ct)
    {
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_outbox.Writer.TryWrite(new Outgoing(frame, sent)))
        {
            throw new IOException("The connection is closed.");
        }

        await sent.Task.WaitAsync(ct);
    }

    /// <summary>
    /// The next frame or refused line; null at the end of the stream. One caller at a time. A
    /// <see cref="FrameReadStatus.TooLarge"/> result ends the usefulness of the connection.
    /// </summary>
    public async ValueTask<FrameReadResult?> ReadAsync(CancellationToken ct)
    {
        while (true)
        {
            if (_holdingBuffer)
            {
                var rest = _buffer;
                var result = FrameDecoder.Read(ref rest, ProtocolLimits.MaxServerFrameBytes);
                switch (result.Status)
                {
                    case FrameReadStatus.Frame or FrameReadStatus.Invalid:
                        _buffer = rest;
                        return result;
                    case FrameReadStatus.TooLarge:
                        return result;
                }

                // Consumed up to the partial line; the rest has been looked at and needs more bytes.
                _reader.AdvanceTo(rest.Start, rest.End);
                _holdingBuffer = false;
                if (_readCompleted)
                {
                    return null;
                }
            }

            var read = await _reader.ReadAsync(ct);
            Volatile.Write(ref _lastReceived, _time.GetTimestamp());
            _buffer = read.Buffer;
            _holdingBuffer = true;
            _readCompleted = read.IsCompleted;
        }
    }

    /// <summary>Closes the socket at once; pending reads and writes fail. Safe to call more than once.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0)
        {
            return;
        }

        _outbox.Writer.TryComplete();
        _closing.Cancel();
        _socket.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        Abort();
        await _writer;
        await _reader.CompleteAsync();
        await _stream.DisposeAsync();
        _closing.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        var flushed = new List<TaskCompletionSource>();
        try
        {
            while (await _outbox.Reader.WaitToReadAsync(_closing.Token))
            {
                buffer.ResetWrittenCount();
                while (buffer.WrittenCount < GatherBytes && _outbox.Reader.TryRead(out var item))
                {
                    FrameWriter.Write(buffer, item.Frame);
                    if (item.Sent is not null)
                    {
                        flushed.Add(item.Sent);
                    }
                }

                await _stream.WriteAsync(buffer.WrittenMemory, _closing.Token);
                foreach (var sent in flushed)
                {
                    sent.TrySetResult();
                }

                flushed.Clear();
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            if (!_closing.IsCancellationRequested)
            {
                Volatile.Write(ref _writeFailure, ex);
                Log.WriteFailed(_logger, ex.Message);
            }
        }
        finally
        {
            var closed = new IOException("The connection closed before the frame was sent.");
            foreach (var sent in flushed)
            {
                sent.TrySetException(closed);
            }

            // A connection that cannot write is over; aborting lets the reader see it at once.
            Abort();
            while (_outbox.Reader.TryRead(out var left))
            {
                left.Sent?.TrySetException(closed);
            }
        }
    }

    private readonly record struct Outgoing(Frame Frame, TaskCompletionSource? Sent);
}
