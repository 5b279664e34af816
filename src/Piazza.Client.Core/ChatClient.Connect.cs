using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Piazza.Protocol;

namespace Piazza.Client.Core;

public sealed partial class ChatClient
{
    /// <summary>
    /// Checks the input, connects, says hello and waits for the welcome, all within
    /// <see cref="ChatConnectionOptions.ConnectTimeout"/>. Returns what the server said, or a
    /// failure that says which of the expected things went wrong; a refusal here never starts
    /// reconnecting. The hello names the rooms to be in, each with its cursor: those the client is
    /// in already, those remembered in <see cref="ChatConnectionOptions.CursorStore"/> and those
    /// in <see cref="ChatConnectionOptions.Rooms"/>. Each room then arrives as a
    /// <see cref="RoomOpened"/>, followed by its events.
    /// </summary>
    /// <exception cref="InvalidOperationException">Already connected or connecting.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled, or <see cref="DisconnectAsync"/> was called meanwhile.</exception>
    public async Task<ConnectResult> ConnectAsync(ChatConnectionOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Reconnect, nameof(options.Reconnect));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ConnectTimeout, TimeSpan.Zero, nameof(options.ConnectTimeout));
        options.Reconnect.Validate();

        options = ExpandServers(options);
        if (CheckInput(options) is { } invalid)
        {
            Log.ConnectFailed(_logger, invalid.Kind, invalid.Message);
            return ConnectResult.Failed(invalid);
        }

        // The rules allow surrounding white space in the host (a pasted address); nothing after them should see it.
        options = options with { Host = options.Host.Trim() };

        var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
        CancellationTokenSource? staleReconnect;
        Task staleLoop;
        lock (_gate)
        {
            if (_disposed || _status.State is ConnectionState.Connecting or ConnectionState.Connected)
            {
                attempt.Dispose();
                ObjectDisposedException.ThrowIf(_disposed, this);
                throw new InvalidOperationException("The client is already connected or connecting; call DisconnectAsync first.");
            }

            // Connecting anew replaces any reconnecting in progress.
            (staleReconnect, staleLoop) = TakeReconnectLocked();
            _attempt = attempt;
            _flaps = 0;
            SetStatusLocked(new ChatStatus(ConnectionState.Connecting, options.Username, options.Host, options.Port));
        }

        Log.Connecting(_logger, options.Host, options.Port, options.Username);
        try
        {
            staleReconnect?.Cancel();
            await staleLoop;

            await PrepareRoomsAsync(options, attempt.Token);
            var outcome = await AttemptAsync(options, sessionToken: null, attempt.Token);
            WelcomeInfo? welcome = null;
            var superseded = false;
            lock (_gate)
            {
                if (_attempt != attempt)
                {
                    superseded = true;
                }
                else
                {
                    _attempt = null;
                    if (outcome.Failure is { } failure)
                    {
                        Log.ConnectFailed(_logger, failure.Kind, failure.Message);
                        // What waited from a reconnect this connect replaced has no connection coming.
                        GiveUpOutboxLocked(Sentences.LostBeforeAck, Sentences.NotSentReconnectStopped);
                        SetStatusLocked(DisconnectedStatusLocked(failure.Message));
                    }
                    else
                    {
                        welcome = InstallLocked(options, outcome, isReconnect: false);
                    }
                }
            }

            if (superseded)
            {
                // DisconnectAsync or DisposeAsync took over while this attempt ran.
                if (outcome.Connection is not null)
                {
                    await outcome.Connection.DisposeAsync();
                }

                throw new OperationCanceledException("The connect was cancelled by a disconnect.");
            }

            return new ConnectResult(outcome.Failure, welcome);
        }
        catch (OperationCanceledException)
        {
            lock (_gate)
            {
                if (_attempt == attempt)
                {
                    _attempt = null;
                    GiveUpOutboxLocked(Sentences.LostBeforeAck, Sentences.NotSentReconnectStopped);
                    SetStatusLocked(DisconnectedStatusLocked(null));
                }
            }

            ct.ThrowIfCancellationRequested();
            throw;
        }
        finally
        {
            attempt.Dispose();
        }
    }

    /// <summary>The same rules, and so the same sentences, as the GUI's own field checks.</summary>
    private static ConnectFailure? CheckInput(ChatConnectionOptions options)
    {
        var host = EndpointRules.ValidateHost(options.Host);
        if (!host.IsValid)
        {
            return new ConnectFailure(ConnectFailureKind.InvalidInput, host.Message!, host.Field);
        }

        var port = EndpointRules.ValidatePort(options.Port);
        if (!port.IsValid)
        {
            return new ConnectFailure(ConnectFailureKind.InvalidInput, port.Message!, port.Field);
        }

        if (options.SkipLocalValidation)
        {
            return null;
        }

        var user = UsernameRules.Validate(options.Username);
        if (!user.IsValid)
        {
            return new ConnectFailure(ConnectFailureKind.InvalidInput, user.Message!, user.Field);
        }

        if (options.Register)
        {
            // Registering needs a password that follows the rules; signing in takes whatever was typed.
            var password = PasswordRules.Validate(options.Password);
            if (!password.IsValid)
            {
                return new ConnectFailure(ConnectFailureKind.InvalidInput, password.Message!, password.Field);
            }
        }

        foreach (var room in options.Rooms ?? [])
        {
            var verdict = RoomNameRules.ValidateAddress(room?.Trim());
            if (!verdict.IsValid)
            {
                return new ConnectFailure(ConnectFailureKind.InvalidInput, verdict.Message!, verdict.Field);
            }
        }

        return null;
    }

    /// <summary>
    /// One attempt: resolve, connect, hello, welcome. The whole of it is bounded by the connect
    /// timeout; cancellation by <paramref name="ct"/> throws, everything else is a failure value.
    /// </summary>
    private async Task<AttemptOutcome> AttemptAsync(ChatConnectionOptions options, string? sessionToken, CancellationToken ct)
    {
        HelloFrame hello;
        lock (_gate)
        {
            hello = new HelloFrame(options.Username ?? "", ProtocolLimits.LatestProtocolVersion, options.ClientName,
                Session: sessionToken, Rooms: HelloRoomsLocked(),
                Password: options.SignsIn ? options.Password : null, Register: options.SignsIn && options.Register ? true : null);
        }

        var endpoint = Sentences.Endpoint(options.Host, options.Port);
        using var timeout = new CancellationTokenSource(options.ConnectTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        Socket? socket = null;
        FrameConnection? connection = null;
        try
        {
            (socket, var failure, var server) = await DialAnyAsync(options, linked.Token);
            if (failure is not null)
            {
                return new AttemptOutcome(null, null, hello, failure);
            }

            endpoint = Sentences.Endpoint(server.Host, server.Port);
            Stream stream;
            ConnectionSecurity? security = null;
            if (options.UseTls)
            {
                var secured = await TlsClientHandshake.RunAsync(socket!, server, endpoint, _time, _logger, linked.Token);
                if (secured.Failure is not null)
                {
                    return new AttemptOutcome(null, null, hello, secured.Failure);
                }

                stream = secured.Stream!;
                security = secured.Security;
            }
            else
            {
                stream = new NetworkStream(socket!, ownsSocket: false);
            }

            connection = new FrameConnection(socket!, stream, _time, _logger);
            socket = null;
            var (welcome, refusal) = await Handshake.RunAsync(connection, hello, endpoint, _logger, linked.Token);
            if (refusal is not null)
            {
                await LeaveQuietlyAsync(connection, linked.Token);
                return new AttemptOutcome(null, null, hello, refusal);
            }

            var joined = connection;
            connection = null;
            return new AttemptOutcome(joined, welcome, hello, null, security);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return new AttemptOutcome(null, null, hello,
                connection is not null ? Sentences.JoinTimedOut(endpoint, options.ConnectTimeout)
                : socket is not null ? TlsSentences.HandshakeTimedOut(endpoint, options.ConnectTimeout)
                : Sentences.ConnectTimedOut(endpoint, options.ConnectTimeout));
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // A failure that races a cancellation must still surface as the cancellation: callers
            // only clean up after OperationCanceledException, and anything else would leave the
            // client stuck in Connecting or fault the reconnect loop.
            ct.ThrowIfCancellationRequested();
            return new AttemptOutcome(null, null, hello, Sentences.FailedBeforeWelcome(endpoint, Sentences.Detail(ex)));
        }
        finally
        {
            // A socket not handed to a connection (a failed or cut TLS handshake) is closed here.
            socket?.Dispose();
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>A refused hello leaves the connection open; say bye rather than just drop it.</summary>
    private static async Task LeaveQuietlyAsync(FrameConnection connection, CancellationToken ct)
    {
        try
        {
            await connection.SendAndFlushAsync(ByeFrame.Instance, ct);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            // The refusal is what matters; a bye that could not go out changes nothing.
        }
    }

    /// <summary>
    /// Makes a welcomed connection the current session and announces it: the rooms the hello named
    /// are being joined, any others are joined now, and the outbox starts sending. Under the gate.
    /// </summary>
    private WelcomeInfo InstallLocked(ChatConnectionOptions options, AttemptOutcome outcome, bool isReconnect)
    {
        var connection = outcome.Connection!;
        var welcome = outcome.Welcome!;
        // An account exists once welcomed: a reconnect signs in to it rather than registering again.
        var session = new Session(connection, welcome, options with { Register = false }, isReconnect, _time, _logger);
        _session = session;
        _limits = session.Limits;
        session.AwaitingDefaultRoom = outcome.Hello.Rooms is null;

        var (host, port) = ServingServer(options);
        var info = new WelcomeInfo(welcome.User, host, port, session.Limits, outcome.Security, welcome.Account, welcome.Admin);
        Log.Joined(_logger, host, port, welcome.User, _rooms.Count, isReconnect);
        SetStatusLocked(new ChatStatus(ConnectionState.Connected, welcome.User, host, port, Security: outcome.Security));
        _events.Publish(new Joined(info, isReconnect));

        // The keepalive starts before anyone hears of the join, so a clock advanced in reaction
        // to the Joined event is always seen by it.
        session.Keepalive.Start();
        JoinRoomsLocked(session, outcome.Hello.Rooms);
        FlushOutboxLocked(session);
        session.ReaderLoop = Task.Run(() => RunSessionAsync(session));
        return info;
    }

    private readonly record struct AttemptOutcome(
        FrameConnection? Connection, WelcomeFrame? Welcome, HelloFrame Hello, ConnectFailure? Failure, ConnectionSecurity? Security = null);
}
