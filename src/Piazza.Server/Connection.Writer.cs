using System.Buffers;
using System.Net.Sockets;

namespace Piazza.Server;

internal sealed partial class Connection
{
    /// <summary>
    /// How much one send gathers. Small frames queued while a send was in flight go out together,
    /// so a busy connection pays one system call for many messages.
    /// </summary>
    private const int SendBufferBytes = 32 * 1024;

    /// <summary>
    /// The only code that writes to the socket. Waits for frames, gathers everything queued into
    /// one send (a lone frame goes as it is, without a copy), and repeats; holds no buffer while
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
                    while (!chunk.IsEmpty)
                    {
                        var sent = await _socket.SendAsync(chunk, SocketFlags.None);
                        chunk = chunk[sent..];
                    }

                    Volatile.Write(ref _sendStartedAt, 0);
                }

                if (buffer is not null)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = null;
                }
            }

            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The peer is gone (reset, broken pipe) or the connection was cut: end it as lost.
            Close(Piazza.Protocol.LeaveReasons.Lost);
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
