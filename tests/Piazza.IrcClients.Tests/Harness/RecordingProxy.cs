using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Piazza.IrcClients.Tests.Harness;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of an IRC server that records every line each way, so a
/// test can show exactly what a real client sent and what the server answered. Lines are kept
/// in order as <c>&gt;&gt; line</c> (client to server) and <c>&lt;&lt; line</c> (server to client).
/// </summary>
internal sealed class RecordingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _upstream;
    private readonly List<string> _lines = [];
    private readonly List<Task> _relays = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public RecordingProxy(int upstreamPort)
    {
        _upstream = upstreamPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    /// <summary>Where the client connects.</summary>
    public int Port { get; }

    /// <summary>Every line so far, in order.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>The lines the client sent (without the direction mark).</summary>
    public IReadOnlyList<string> Sent => [.. Lines.Where(l => l.StartsWith(">> ", StringComparison.Ordinal)).Select(l => l[3..])];

    /// <summary>The lines the server answered (without the direction mark).</summary>
    public IReadOnlyList<string> Answered => [.. Lines.Where(l => l.StartsWith("<< ", StringComparison.Ordinal)).Select(l => l[3..])];

    /// <summary>Writes the whole record to <paramref name="path"/>.</summary>
    public async Task SaveAsync(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllLinesAsync(path, Lines);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        Task[] relays;
        lock (_relays)
        {
            relays = [.. _relays];
        }

        await Task.WhenAll(relays).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            lock (_relays)
            {
                _relays.Add(RelayAsync(client));
            }
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _upstream, _stop.Token);
            }
            catch (SocketException ex)
            {
                Record("-- cannot reach the server: " + ex.Message);
                return;
            }

            var up = PumpAsync(client.GetStream(), server.GetStream(), ">> ");
            var down = PumpAsync(server.GetStream(), client.GetStream(), "<< ");
            await Task.WhenAny(up, down);
            Record("-- connection closed");
            client.Client.Close();
            server.Client.Close();
            await Task.WhenAll(up, down);
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, string mark)
    {
        var buffer = new byte[16 * 1024];
        var pending = new List<byte>();
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    break;
                }

                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                pending.AddRange(buffer.AsSpan(0, read));
                int end;
                while ((end = pending.IndexOf((byte)'\n')) >= 0)
                {
                    var line = Encoding.UTF8.GetString([.. pending.Take(end)]).TrimEnd('\r');
                    pending.RemoveRange(0, end + 1);
                    Record(mark + line);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The other side closed; the relay ends.
        }

        if (pending.Count > 0)
        {
            Record(mark + Encoding.UTF8.GetString([.. pending]) + " (no line end)");
        }
    }

    private void Record(string line)
    {
        lock (_lines)
        {
            _lines.Add(line);
        }
    }
}
