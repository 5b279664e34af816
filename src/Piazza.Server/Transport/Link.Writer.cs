using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using Piazza.Protocol;

namespace Piazza.Server.Transport;

internal sealed partial class Link
{
    /// <summary>
    /// How much one send gathers. Small frames queued while a send was in flight go out together,
    /// so a busy connection pays one system call for many messages.
    /// </summary>
    private const int SendBufferBytes = 32 * 1024;

    /// <summary>
    /// The only code that writes to the stream. Waits for frames, gathers everything queued into
    /// one write (a lone frame goes as it is, without a copy), and repeats; holds no buffer while
    /// idle. When the queue is completed and drained it half-closes the socket so the peer sees
    /// the last frame, then end of stream.
    /// </summary>
    private async Task WriteLoopAsync()
    {
        byte[]? buffer = null;
        try
        {
            while (await Queue.WaitToReadAsync())
            {
                ReadOnlyMemory<byte> chunk;
                while (!(chunk = Queue.TakeBatch(ref buffer, SendBufferBytes)).IsEmpty)
                {
                    Volatile.Write(ref _sendStartedAt, Time.GetTimestamp());
                    await _stream.WriteAsync(chunk);
                    Volatile.Write(ref _sendStartedAt, 0);
                }

                if (buffer is not null)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = null;
                }
            }

            await _stream.FlushAsync();
            if (_stream is SslStream tls)
            {
                // TLS's own goodbye (close_notify) before TCP's, so the peer knows nothing was cut off.
                await tls.ShutdownAsync();
            }

            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or NotSupportedException)
        {
            // The peer is gone (reset, broken pipe) or the connection was cut: end it as lost.
            Close(LeaveReasons.Lost);
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
