using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Piazza.Protocol;
using Piazza.Server.Accounts;
using Piazza.Server.Chat;
using Piazza.Server.Doors.Irc;
using Piazza.Server.Doors.Ndjson;
using Piazza.Server.Hosting;
using Piazza.Server.Transport;
using Piazza.Store;

namespace Piazza.Server;

/// <summary>
/// The Piazza server: composition and lifetime. It opens the store, loads the chat, listens,
/// admits connections within the caps, runs the heartbeat, and shuts down gracefully. Each
/// connection is a <see cref="Link"/> (bytes) with a door (the protocol) over the chat (the domain).
/// </summary>
public sealed class ChatServer : IAsyncDisposable
{
    /// <summary>The server's name and version, announced in <c>welcome</c>.</summary>
    public const string ServerName = "piazza/0.2";

    private readonly ConcurrentDictionary<long, Link> _links = new();
    private readonly Lock _stopLock = new();
    private readonly Admission _admission;
    private readonly IEventStore _store;
    private readonly ChatHub _chat;
    private readonly AccountService _accounts;
    private readonly LinkSettings _linkSettings;
    private readonly NdjsonSettings _ndjson;
    private readonly ILogger _logger;
    private Listener? _listener;
    private Listener? _tlsListener;
    private Listener? _ircListener;
    private Listener? _ircTlsListener;
    private IrcDoor? _irc;
    private readonly ConcurrentDictionary<long, byte> _ircLinks = new();
    private TlsAcceptor? _tls;
    private Heartbeat? _heartbeat;
    private long _nextConnectionId;
    private volatile bool _stopping;
    private Task? _stopTask;

    /// <summary>Creates a server; nothing is opened and nothing listens until <see cref="StartAsync"/>.</summary>
    public ChatServer(ServerOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Time = timeProvider ?? TimeProvider.System;
        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger("Piazza.Server");
        _admission = new Admission(options.MaxConnections, options.MaxConnectionsPerIp);
        _store = StoreFactory.Create(options, loggerFactory, Time);
        var accounts = (IAccountStore)_store;
        _accounts = new AccountService(accounts,
            new AccountOptions(options.SignInBurst, options.SignInInterval, options.HashThreads, options.HashQueue), Time, _logger);
        _chat = new ChatHub(
            new ChatOptions(options.DefaultRoom, options.History, options.ReplayMax, options.MaxRoomsPerConnection, options.MaxRooms,
                options.GuestsAllowed, options.Admins.Select(a => a.ToLowerInvariant()).ToFrozenSet(StringComparer.Ordinal),
                options.MaxSessionsPerAccount),
            _store, accounts, _accounts, Time, _logger);
        _linkSettings = new LinkSettings(options.SendQueueBytes, options.RateBurst, options.RatePerSecond,
            options.PingInterval, options.Timeout, options.HelloTimeout, options.SendTimeout, options.ShutdownGrace, Time);
        _ndjson = new NdjsonSettings(
            new ServerLimits(ProtocolLimits.MaxTextScalars, ProtocolLimits.MaxClientFrameBytes,
                (long)options.PingInterval.TotalMilliseconds, (long)options.Timeout.TotalMilliseconds,
                options.RateBurst, options.RatePerSecond),
            ServerName, options.DefaultRoom, StockFrames.Timeout(options.Timeout));
    }

    /// <summary>The address actually listened on (the real port when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint { get; private set; } = new(IPAddress.None, 0);

    /// <summary>
    /// The address that speaks TLS: <see cref="LocalEndPoint"/> itself, or the <c>--tls-port</c>;
    /// null when the server serves no TLS.
    /// </summary>
    public IPEndPoint? TlsEndPoint { get; private set; }

    /// <summary>The IRC door's address (<c>--irc-port</c>), or null without one.</summary>
    public IPEndPoint? IrcEndPoint { get; private set; }

    /// <summary>The IRC door's TLS address (<c>--irc-tls-port</c>), or null without one.</summary>
    public IPEndPoint? IrcTlsEndPoint { get; private set; }

    /// <summary>The SHA-256 fingerprint of the TLS certificate (<c>AB:CD:...</c>), or null without TLS.</summary>
    public string? CertificateFingerprint => _tls?.Certificate.Fingerprint;

    /// <summary>People present (sessions holding a name).</summary>
    public int MemberCount => _chat.MemberCount;

    /// <summary>Open connections, joined or not.</summary>
    public int ConnectionCount => _admission.Count;

    /// <summary>Where the history is kept, for logs and tests.</summary>
    public string StoreDescription => _store.Description;

    internal ServerOptions Options { get; }

    internal TimeProvider Time { get; }

    /// <summary>Opens the store, loads the rooms, binds the listening socket and starts accepting.</summary>
    /// <exception cref="ServerStartException">
    /// The options disagree, the store cannot be opened, the host does not resolve or is not on
    /// this machine, a port is taken, or the TLS certificate or key cannot be read or used.
    /// </exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (TlsSetup.CheckOptions(Options) is { } conflict)
        {
            throw new ServerStartException(conflict);
        }

        var address = await HostAddress.ResolveAsync(Options.Host, cancellationToken);
        _tls = TlsSetup.Create(Options, Time, _logger);
        try
        {
            await _store.OpenAsync(cancellationToken);
            await _chat.StartAsync(cancellationToken);
        }
        catch (StoreOpenException ex)
        {
            throw new ServerStartException(ex.Message, ex);
        }

        _logger.StoreOpened(_store.Description);
        await CheckAdminsAsync(cancellationToken);
        // Without --tls-port the main port speaks TLS (when there is a certificate); with it, a
        // second listener does and the main port stays plain.
        var mainTls = Options.TlsPort is null ? _tls : null;
        var mainRefuser = new Refuser(mainTls, _logger);
        _listener = Listener.Start(address, Options.Port, "--port", _logger, (socket, remote) => Admit(socket, remote, mainTls, mainRefuser));
        LocalEndPoint = _listener.LocalEndPoint;
        if (_tls is not null && Options.TlsPort is { } tlsPort)
        {
            var tls = _tls;
            var tlsRefuser = new Refuser(tls, _logger);
            _tlsListener = Listener.Start(address, tlsPort, "--tls-port", _logger, (socket, remote) => Admit(socket, remote, tls, tlsRefuser));
            TlsEndPoint = _tlsListener.LocalEndPoint;
        }
        else if (_tls is not null)
        {
            TlsEndPoint = LocalEndPoint;
        }

        StartIrc(address);
        _heartbeat = new Heartbeat(Options, Time, _logger, () => _links.Values);
        if (mainTls is null)
        {
            _logger.Listening(LocalEndPoint);
        }

        if (TlsEndPoint is not null && _tls is not null)
        {
            _logger.ListeningTls(TlsEndPoint);
            var certificate = _tls.Certificate;
            _logger.TlsCertificate(certificate.Subject, certificate.Origin, certificate.Certificate.NotAfter.ToUniversalTime(), certificate.Fingerprint);
        }
    }

    /// <summary>
    /// Graceful shutdown: stop accepting, send every connection <c>shutdown</c>, let writers flush
    /// for <see cref="ServerOptions.ShutdownGrace"/>, then cut what is left and close the store.
    /// Safe to call twice.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        lock (_stopLock)
        {
            _stopTask ??= StopCoreAsync();
        }

        return _stopTask.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StopCoreAsync()
    {
        if (_listener is null)
        {
            await _store.DisposeAsync();
            _accounts.Dispose();
            _tls?.Certificate.Dispose();
            return;
        }

        _logger.Stopping(Plural(ConnectionCount, "connection"));
        _stopping = true;
        _chat.BeginShutdown();
        var accepting = _listener.DisposeAsync();
        var acceptingTls = _tlsListener?.DisposeAsync() ?? ValueTask.CompletedTask;
        var acceptingIrc = _ircListener?.DisposeAsync() ?? ValueTask.CompletedTask;
        var acceptingIrcTls = _ircTlsListener?.DisposeAsync() ?? ValueTask.CompletedTask;
        var open = _links.Values.ToArray();
        foreach (var link in open)
        {
            link.Close(CloseReasons.Shutdown, ShutdownFrameOf(link));
        }

        try
        {
            // Each connection bounds its own flush; this is the backstop on the real clock.
            await Task.WhenAll(open.Select(c => c.Completion))
                .WaitAsync(Options.ShutdownGrace + TimeSpan.FromSeconds(0.5), TimeProvider.System);
        }
        catch (TimeoutException)
        {
            _logger.ShutdownForced(open.Count(c => !c.Completion.IsCompleted));
        }

        await accepting;
        await acceptingTls;
        await acceptingIrc;
        await acceptingIrcTls;
        if (_heartbeat is not null)
        {
            await _heartbeat.DisposeAsync();
        }

        await _store.DisposeAsync();
        _accounts.Dispose();
        _tls?.Certificate.Dispose();
        _logger.Stopped();
    }

    /// <summary>Says which server operators are not registered yet, and how the accounts are set up.</summary>
    private async Task CheckAdminsAsync(CancellationToken cancellationToken)
    {
        foreach (var admin in Options.Admins)
        {
            try
            {
                if (await _accounts.Store.FindAccountAsync(admin, cancellationToken) is null)
                {
                    _logger.AdminNotRegistered(admin);
                }
            }
            catch (StoreUnavailableException)
            {
                // Not worth failing the start for: the check is advice.
            }
        }

        _logger.AccountsReady(Options.GuestsAllowed ? "allowed" : "denied",
            Options.Admins.Count == 0 ? "none" : string.Join(", ", Options.Admins),
            Options.HashThreads, Options.SignInBurst, Options.SignInInterval.TotalSeconds);
    }

    /// <summary>
    /// Takes an accepted socket within the caps, or refuses it (inside TLS on a TLS port). The
    /// handshake, when there is one, runs on the link's own task, never here on the accept loop.
    /// </summary>
    private void Admit(Socket socket, IPEndPoint remote, TlsAcceptor? tls, Refuser refuser, bool irc = false)
    {
        if (_stopping)
        {
            socket.Dispose();
            return;
        }

        if (_admission.TryAdmit(remote.Address) is { } refusal)
        {
            _logger.ConnectionRefused(remote, refusal);
            refuser.Refuse(socket, remote, irc
                ? IrcLine.Write(null, null, "ERROR", refusal == ErrorCodes.ServerFull ? "Closing link: the server is full" : "Closing link: too many connections from your address")
                : refusal == ErrorCodes.ServerFull ? StockFrames.ServerFull : StockFrames.TooManyConnections);
            return;
        }

        var link = new Link(socket, Interlocked.Increment(ref _nextConnectionId), remote, _linkSettings, _logger, tls)
        {
            Closed = OnLinkClosed,
        };
        _links[link.Id] = link;
        if (irc)
        {
            _ircLinks[link.Id] = 0;
            link.Start(_irc!.Open(link));
        }
        else
        {
            link.Start(new NdjsonConnection(link, _chat, _ndjson, _logger));
        }

        if (_stopping)
        {
            // Shutdown began while this one was being admitted, after its snapshot of connections.
            link.Close(CloseReasons.Shutdown, ShutdownFrameOf(link));
        }
    }

    /// <summary>Connections the heartbeat watches (admitted, not yet closed), for tests.</summary>
    internal int LinkCount => _links.Count;

    private void OnLinkClosed(Link link)
    {
        _ircLinks.TryRemove(link.Id, out _);
        if (_links.TryRemove(link.Id, out _))
        {
            _admission.Release(link.Remote.Address);
        }
    }

    /// <summary>Starts the IRC door's listeners, when asked for (<c>--irc-port</c>, <c>--irc-tls-port</c>).</summary>
    private void StartIrc(IPAddress address)
    {
        if (Options.IrcPort is null && Options.IrcTlsPort is null)
        {
            return;
        }

        _irc = new IrcDoor(_chat, IrcSetup.Settings(Options, ServerName, Time.GetUtcNow()), _logger);
        if (Options.IrcPort is { } port)
        {
            var refuser = new Refuser(null, _logger);
            _ircListener = Listener.Start(address, port, "--irc-port", _logger, (socket, remote) => Admit(socket, remote, null, refuser, irc: true));
            IrcEndPoint = _ircListener.LocalEndPoint;
            _logger.ListeningIrc(IrcEndPoint, "plain text");
        }

        if (Options.IrcTlsPort is { } tlsPort && _tls is { } tls)
        {
            var refuser = new Refuser(tls, _logger);
            _ircTlsListener = Listener.Start(address, tlsPort, "--irc-tls-port", _logger, (socket, remote) => Admit(socket, remote, tls, refuser, irc: true));
            IrcTlsEndPoint = _ircTlsListener.LocalEndPoint;
            _logger.ListeningIrc(IrcTlsEndPoint, "TLS");
        }
    }

    /// <summary>The last line a connection gets at shutdown, in its door's protocol.</summary>
    private byte[] ShutdownFrameOf(Link link) => _ircLinks.ContainsKey(link.Id) && _irc is not null ? _irc.Shutdown : StockFrames.Shutdown;

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
