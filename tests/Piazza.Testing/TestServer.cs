using System.Net;
using Microsoft.Extensions.Logging;
using Piazza.Server;

namespace Piazza.Testing;

/// <summary>A real <see cref="ChatServer"/> on 127.0.0.1 with a free port, its logs captured.</summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly TimeProvider _time;

    private TestServer(ChatServer server, LogCapture logs, TimeProvider time)
    {
        Server = server;
        Logs = logs;
        _time = time;
    }

    public ChatServer Server { get; }

    public LogCapture Logs { get; }

    /// <summary>The server's clock, when it was started with one from <see cref="NewFakeClock"/>.</summary>
    public FakeClock Clock => _time as FakeClock
        ?? throw new InvalidOperationException("This server does not run on a FakeClock; start it with TestServer.NewFakeClock().");

    public IPEndPoint EndPoint => Server.LocalEndPoint;

    public int Port => EndPoint.Port;

    /// <summary>
    /// Starts a server; <paramref name="configure"/> adjusts the defaults (Host and Port are set for
    /// you). The captured log keeps entries at <paramref name="minimumLogLevel"/> or above: tests that
    /// measure memory leave out Debug, whose lines hold every message text.
    /// </summary>
    public static async Task<TestServer> StartAsync(
        Func<ServerOptions, ServerOptions>? configure = null, TimeProvider? time = null, int port = 0, LogLevel minimumLogLevel = LogLevel.Debug)
    {
        // The memory store unless a test asks for another: no test writes to the user's data folder.
        var options = new ServerOptions { Host = "127.0.0.1", Port = port, Store = StoreNames.Memory };
        options = configure?.Invoke(options) ?? options;
        var logs = new LogCapture(minimumLogLevel);
        time ??= TimeProvider.System;
        var server = new ChatServer(options, logs, time);
        await server.StartAsync();
        return new TestServer(server, logs, time);
    }

    /// <summary>A fake clock that starts now, for tests of heartbeat, timeouts and flood control.</summary>
    public static FakeClock NewFakeClock() => new(DateTimeOffset.UtcNow);

    /// <summary>Connects a raw protocol client.</summary>
    public Task<RawClient> ConnectAsync() => RawClient.ConnectAsync(Port);

    /// <summary>The port that speaks TLS (the main port, or the TLS port); throws when the server serves no TLS.</summary>
    public int TlsPort => Server.TlsEndPoint?.Port ?? throw new InvalidOperationException("This server serves no TLS.");

    /// <summary>Connects a raw protocol client over TLS, trusting exactly this server's certificate.</summary>
    public Task<RawClient> ConnectTlsAsync(IPAddress? local = null, IPAddress? remote = null) =>
        RawClient.ConnectTlsAsync(TlsPort, Server.CertificateFingerprint!, local, remote);

    /// <summary>Connects and joins as <paramref name="user"/>; the welcome and any replay are consumed.</summary>
    public async Task<RawClient> JoinAsync(string user)
    {
        var client = await ConnectAsync();
        await client.JoinAsync(user);
        return client;
    }

    /// <summary>
    /// Connects and says a version 2 hello naming <paramref name="rooms"/> (none: joins nothing);
    /// each room's frame and replay are consumed (they stay in <see cref="RawClient.Received"/>).
    /// </summary>
    public async Task<RawClient> EnterAsync(string user, params string[] rooms)
    {
        var client = await ConnectAsync();
        await client.EnterAsync(user, rooms);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.StopAsync();
        Logs.Dispose();
    }
}
