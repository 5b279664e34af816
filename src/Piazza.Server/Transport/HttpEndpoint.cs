using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Piazza.Server.Transport;

/// <summary>An answer of the <see cref="HttpEndpoint"/>.</summary>
internal sealed record HttpAnswer(int Status, string ContentType, string Body);

/// <summary>
/// The smallest HTTP/1.1 server that a Prometheus scraper or a health probe needs: GET and HEAD
/// of a path, one request per connection, answered and closed. A request must arrive whole within
/// a few seconds and a few kilobytes; a handful are served at once and more are closed unanswered,
/// so a stuck or hostile peer on this port costs a bounded amount.
/// </summary>
internal sealed class HttpEndpoint : IAsyncDisposable
{
    private const int MaxRequestBytes = 8192;
    private const int MaxConcurrent = 16;
    private static readonly TimeSpan RequestDeadline = TimeSpan.FromSeconds(5);

    private readonly Listener _listener;
    private readonly Func<string, CancellationToken, Task<HttpAnswer>> _answer;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _slots = new(MaxConcurrent);

    private HttpEndpoint(IPAddress address, int port, string portOption, ILogger logger, Func<string, CancellationToken, Task<HttpAnswer>> answer)
    {
        _answer = answer;
        _listener = Listener.Start(address, port, portOption, logger, Accepted);
    }

    /// <summary>The address actually listened on.</summary>
    public IPEndPoint LocalEndPoint => _listener.LocalEndPoint;

    /// <summary>Listens on <paramref name="address"/>:<paramref name="port"/>; <paramref name="answer"/> maps a path to its answer.</summary>
    /// <exception cref="ServerStartException">The port is taken or the address is not this machine's.</exception>
    public static HttpEndpoint Start(IPAddress address, int port, string portOption, ILogger logger, Func<string, CancellationToken, Task<HttpAnswer>> answer) =>
        new(address, port, portOption, logger, answer);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _listener.DisposeAsync();
    }

    private void Accepted(Socket socket, IPEndPoint remote)
    {
        if (!_slots.Wait(0))
        {
            socket.Dispose();
            return;
        }

        _ = ServeAsync(socket);
    }

    private async Task ServeAsync(Socket socket)
    {
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            deadline.CancelAfter(RequestDeadline);
            await using var stream = new NetworkStream(socket, ownsSocket: true);
            var (method, path) = await ReadRequestAsync(stream, deadline.Token);
            var answer = method switch
            {
                null => new HttpAnswer(400, "text/plain; charset=utf-8", "bad request\n"),
                "GET" or "HEAD" => await _answer(path!, deadline.Token),
                _ => new HttpAnswer(405, "text/plain; charset=utf-8", "only GET and HEAD\n"),
            };
            var body = Encoding.UTF8.GetBytes(answer.Body);
            var head = Encoding.ASCII.GetBytes(
                $"HTTP/1.1 {answer.Status} {Reason(answer.Status)}\r\nContent-Type: {answer.ContentType}\r\nContent-Length: {body.Length}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(head, deadline.Token);
            if (method != "HEAD")
            {
                await stream.WriteAsync(body, deadline.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer went away or took too long: nothing is owed to it.
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>The request line's method and path (query dropped), or (null, null) for anything malformed.</summary>
    private static async Task<(string? Method, string? Path)> ReadRequestAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new byte[MaxRequestBytes];
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(filled), ct);
            if (read == 0)
            {
                break;
            }

            filled += read;
            if (buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8) >= 0 || buffer.AsSpan(0, filled).IndexOf("\n\n"u8) >= 0)
            {
                break;
            }
        }

        var end = buffer.AsSpan(0, filled).IndexOf((byte)'\n');
        if (end < 0)
        {
            return (null, null);
        }

        var parts = Encoding.ASCII.GetString(buffer, 0, end).TrimEnd('\r').Split(' ');
        if (parts.Length != 3 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal) || !parts[1].StartsWith('/'))
        {
            return (null, null);
        }

        var query = parts[1].IndexOf('?', StringComparison.Ordinal);
        return (parts[0], query >= 0 ? parts[1][..query] : parts[1]);
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        503 => "Service Unavailable",
        _ => "Status",
    };
}
