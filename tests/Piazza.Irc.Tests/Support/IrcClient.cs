using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Piazza.Irc.Tests.Support;

/// <summary>A raw IRC client over a real socket: sends lines as given, keeps every line received.</summary>
public sealed class IrcClient : IAsyncDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);
    private readonly Socket _socket;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _all = [];
    private readonly Task _reader;

    private IrcClient(Socket socket)
    {
        _socket = socket;
        _reader = ReadAsync();
    }

    /// <summary>Every line received so far, without CR LF.</summary>
    public IReadOnlyList<string> All
    {
        get
        {
            lock (_all)
            {
                return [.. _all];
            }
        }
    }

    /// <summary>True once the server closed the connection.</summary>
    public bool Ended { get; private set; }

    public static async Task<IrcClient> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        return new IrcClient(socket);
    }

    /// <summary>Connects and registers as <paramref name="nick"/> with the capabilities asked for; returns after 001's burst ends (376).</summary>
    public static async Task<IrcClient> RegisterAsync(int port, string nick, params string[] caps)
    {
        var client = await ConnectAsync(port);
        if (caps.Length > 0)
        {
            await client.SendAsync("CAP LS 302");
            await client.SendAsync("CAP REQ :" + string.Join(' ', caps));
            await client.ExpectAsync(l => l.Contains(" CAP ", StringComparison.Ordinal) && l.Contains(" ACK ", StringComparison.Ordinal));
        }

        await client.SendAsync($"NICK {nick}");
        await client.SendAsync($"USER {nick} 0 * :{nick} tester");
        if (caps.Length > 0)
        {
            await client.SendAsync("CAP END");
        }

        await client.ExpectAsync(l => Command(l) == "376");
        return client;
    }

    public Task SendAsync(string line) => SendRawAsync(Encoding.UTF8.GetBytes(line + "\r\n"));

    public async Task SendRawAsync(byte[] bytes)
    {
        var sent = 0;
        while (sent < bytes.Length)
        {
            sent += await _socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None);
        }
    }

    /// <summary>The next line that matches, skipping others; fails after a generous hang guard.</summary>
    public async Task<string> ExpectAsync(Func<string, bool> match, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? HangGuard);
        try
        {
            while (true)
            {
                var line = await _lines.Reader.ReadAsync(cancel.Token);
                if (match(line))
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("No matching line; received:\n" + string.Join('\n', All.TakeLast(30)));
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException("The server closed the connection; received:\n" + string.Join('\n', All.TakeLast(30)));
        }
    }

    /// <summary>Sends PING and returns every line received before its PONG: all the server said in answer to what came before.</summary>
    public async Task<IReadOnlyList<string>> SyncAsync()
    {
        var token = "sync" + Guid.NewGuid().ToString("N")[..8];
        var before = new List<string>();
        await SendAsync("PING " + token);
        await ExpectAsync(l =>
        {
            if (Command(l) == "PONG" && l.EndsWith(token, StringComparison.Ordinal))
            {
                return true;
            }

            before.Add(l);
            return false;
        });
        return before;
    }

    /// <summary>Waits until the server closes the connection.</summary>
    public async Task WaitForEndAsync()
    {
        using var cancel = new CancellationTokenSource(HangGuard);
        while (await _lines.Reader.WaitToReadAsync(cancel.Token))
        {
            _lines.Reader.TryRead(out _);
        }
    }

    /// <summary>The command of a line: the word after the tags and the source.</summary>
    public static string Command(string line)
    {
        var words = line.Split(' ');
        var i = 0;
        if (words[i].StartsWith('@'))
        {
            i++;
        }

        if (words[i].StartsWith(':'))
        {
            i++;
        }

        return i < words.Length ? words[i] : "";
    }

    /// <summary>The value of a tag on a line, or null.</summary>
    public static string? Tag(string line, string key)
    {
        if (!line.StartsWith('@'))
        {
            return null;
        }

        foreach (var tag in line[1..line.IndexOf(' ', StringComparison.Ordinal)].Split(';'))
        {
            var equals = tag.IndexOf('=', StringComparison.Ordinal);
            if ((equals < 0 ? tag : tag[..equals]) == key)
            {
                return equals < 0 ? "" : tag[(equals + 1)..];
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        try
        {
            await _reader;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Closed under the reader.
        }
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[65536];
        var pending = new List<byte>();
        try
        {
            while (true)
            {
                var received = await _socket.ReceiveAsync(buffer, SocketFlags.None);
                if (received == 0)
                {
                    break;
                }

                pending.AddRange(buffer.AsSpan(0, received));
                int end;
                while ((end = pending.IndexOf((byte)'\n')) >= 0)
                {
                    var line = Encoding.UTF8.GetString([.. pending.Take(end)]).TrimEnd('\r');
                    pending.RemoveRange(0, end + 1);
                    lock (_all)
                    {
                        _all.Add(line);
                    }

                    _lines.Writer.TryWrite(line);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Reset or closed here.
        }
        finally
        {
            Ended = true;
            _lines.Writer.TryComplete();
        }
    }
}
