using Microsoft.Extensions.Logging;
using Piazza.Server;

namespace Piazza.Resilience.Tests.Support;

/// <summary>
/// A real server on 127.0.0.1:0 whose captured log stops at Information. The shared
/// <see cref="TestServer"/> keeps Debug lines, which hold every message text: under megabytes of
/// traffic that capture, not the server, would dominate a memory measurement.
/// </summary>
internal sealed class QuietServer : IAsyncDisposable
{
    private QuietServer(ChatServer server, LogCapture logs)
    {
        Server = server;
        Logs = logs;
    }

    public ChatServer Server { get; }

    public LogCapture Logs { get; }

    public System.Net.IPEndPoint EndPoint => Server.LocalEndPoint;

    public int Port => Server.LocalEndPoint.Port;

    public static async Task<QuietServer> StartAsync(Func<ServerOptions, ServerOptions> configure)
    {
        var options = configure(new ServerOptions { Host = "127.0.0.1", Port = 0 });
        var logs = new LogCapture(LogLevel.Information);
        var server = new ChatServer(options, logs);
        await server.StartAsync();
        return new QuietServer(server, logs);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.StopAsync();
        Logs.Dispose();
    }
}
