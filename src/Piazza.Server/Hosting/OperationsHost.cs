using System.CommandLine;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Piazza.Server.Transport;

namespace Piazza.Server.Hosting;

/// <summary>
/// What a running server offers its operator beside the chat: metrics and health over HTTP,
/// SIGHUP to reload, and readiness told to systemd. Started after the server, disposed before it stops.
/// </summary>
internal sealed class OperationsHost : IAsyncDisposable
{
    private const string TextPlain = "text/plain; charset=utf-8";

    private readonly ChatServer _server;
    private readonly IDisposable _tracking;
    private PrometheusExporter? _exporter;
    private readonly PosixSignalRegistration _sighup;
    private HttpEndpoint? _endpoint;
    private bool _started;
    private bool _disposed;

    private OperationsHost(ChatServer server, Reloader reloader)
    {
        _server = server;
        _tracking = ServerMetrics.Track(server);
        _sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            // SIGHUP would end the process by default: here it means "read the configuration again".
            context.Cancel = true;
            _ = Task.Run(reloader.Reload);
        });
    }

    /// <summary>The metrics port's address, or null without <c>--metrics-port</c>.</summary>
    public System.Net.IPEndPoint? MetricsEndPoint => _endpoint?.LocalEndPoint;

    /// <summary>
    /// Takes SIGHUP at once (before the server listens, so a reload sent the moment it is up is not
    /// taken for a hang-up that ends the process); nothing is served until <see cref="StartAsync"/>.
    /// </summary>
    public static OperationsHost Create(ChatServer server, Command root, IReadOnlyList<string> arguments, ParseResult settings,
        LogLevelSwitch level, ILogger logger) =>
        new(server, new Reloader(root, arguments, settings, server, level, logger));

    /// <summary>Once the server listens: serves metrics (with <c>--metrics-port</c>) and tells systemd the server is ready.</summary>
    /// <exception cref="ServerStartException">The metrics host or port cannot be listened on.</exception>
    public async Task StartAsync(ServerOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        if (options.MetricsPort is { } port)
        {
            // Only with a metrics port does anything listen to the instruments (an increment is then a short lock).
            _exporter = new PrometheusExporter();
            try
            {
                var address = await HostAddress.ResolveAsync(options.MetricsHost, cancellationToken);
                _endpoint = HttpEndpoint.Start(address, port, "--metrics-port", logger, AnswerAsync);
            }
            catch (ServerStartException ex) when (ex.Message.StartsWith("--host", StringComparison.Ordinal))
            {
                // The address rules are the main port's; the sentence must name the option given.
                throw new ServerStartException("--metrics-host" + ex.Message["--host".Length..], ex);
            }

            logger.MetricsListening(_endpoint.LocalEndPoint);
        }

        _started = true;
        SystemdNotifier.Notify($"READY=1\nSTATUS=Serving on {_server.LocalEndPoint}\nMAINPID={Environment.ProcessId}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_started)
        {
            SystemdNotifier.Notify("STOPPING=1");
        }

        _sighup.Dispose();
        if (_endpoint is not null)
        {
            await _endpoint.DisposeAsync();
        }

        _exporter?.Dispose();
        _tracking.Dispose();
    }

    private async Task<HttpAnswer> AnswerAsync(string path, CancellationToken cancellationToken)
    {
        switch (path)
        {
            case "/metrics":
                return new HttpAnswer(200, PrometheusExporter.ContentType, _exporter!.Scrape());
            case "/healthz":
                return new HttpAnswer(200, TextPlain, "ok\n");
            case "/readyz":
                var problem = await _server.CheckReadyAsync(cancellationToken);
                return problem is null ? new HttpAnswer(200, TextPlain, "ready\n") : new HttpAnswer(503, TextPlain, $"not ready: {problem}\n");
            default:
                return new HttpAnswer(404, TextPlain, "not found: try /metrics, /healthz or /readyz\n");
        }
    }
}
