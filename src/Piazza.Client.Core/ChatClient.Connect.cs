using System.Collections.ObjectModel;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Piazza.Protocol;

namespace Piazza.Client.Core;

public sealed partial class ChatClient
{
    /// <summary>
    /// Checks the input, connects, says hello and waits for the welcome, all within
    /// <see cref="ChatConnectionOptions.ConnectTimeout"/>. Returns the joined room, or a failure
    /// that says which of the expected things went wrong; a refusal here never starts reconnecting.
    /// </summary>
    /// <exception cref="InvalidOperationException">Already connected or connecting.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled, or <see cref="DisconnectAsync"/> was called meanwhile.</exception>
    public async Task<ConnectResult> ConnectAsync(ChatConnectionOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Reconnect, nameof(options.Reconnect));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.ConnectTimeout, TimeSpan.Zero, nameof(options.ConnectTimeout));
        options.Reconnect.Validate();

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
            _lastSeenId = 0;
            _flaps = 0;
            SetStatusLocked(new ChatStatus(ConnectionState.Connecting, options.Username, options.Host, options.Port));
        }

        Log.Connecting(_logger, options.Host, options.Port, options.Username);
        try
        {
            staleReconnect?.Cancel();
            await staleLoop;

            var outcome = await AttemptAsync(options, since: null, sessionToken: null, attempt.Token);
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
                        SetStatusLocked(DisconnectedStatusLocked(failure.Message));
                    }
                    else
                    {
                        welcome = InstallLocked(options, outcome.Connection!, outcome.Welcome!, isReconnect: false);
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
        return user.IsValid ? null : new ConnectFailure(ConnectFailureKind.InvalidInput, user.Message!, user.Field);
    }

    /// <summary>
    /// One attempt: resolve, connect, hello, welcome. The whole of it is bounded by the connect
    /// timeout; cancellation by <paramref name="ct"/> throws, everything else is a failure value.
    /// </summary>
    private async Task<AttemptOutcome> AttemptAsync(ChatConnectionOptions options, long? since, string? sessionToken, CancellationToken ct)
    {
        var endpoint = Sentences.Endpoint(options.Host, options.Port);
        using var timeout = new CancellationTokenSource(options.ConnectTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        FrameConnection? connection = null;
        try
        {
            var (socket, failure) = await Dialer.ConnectAsync(options.Host, options.Port, linked.Token);
            if (failure is not null)
            {
                return new AttemptOutcome(null, null, failure);
            }

            connection = new FrameConnection(socket!, _time, _logger);
            var hello = new HelloFrame(options.Username ?? "", ProtocolLimits.ProtocolVersion, options.ClientName, since, sessionToken);
            var (welcome, refusal) = await Handshake.RunAsync(connection, hello, endpoint, _logger, linked.Token);
            if (refusal is not null)
            {
                await LeaveQuietlyAsync(connection, linked.Token);
                return new AttemptOutcome(null, null, refusal);
            }

            var joined = connection;
            connection = null;
            return new AttemptOutcome(joined, welcome, null);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return new AttemptOutcome(null, null, connection is null
                ? Sentences.ConnectTimedOut(endpoint, options.ConnectTimeout)
                : Sentences.JoinTimedOut(endpoint, options.ConnectTimeout));
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // A failure that races a cancellation must still surface as the cancellation: callers
            // only clean up after OperationCanceledException, and anything else would leave the
            // client stuck in Connecting or fault the reconnect loop.
            ct.ThrowIfCancellationRequested();
            return new AttemptOutcome(null, null, Sentences.FailedBeforeWelcome(endpoint, Sentences.Detail(ex)));
        }
        finally
        {
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

    /// <summary>Makes a welcomed connection the current session and announces it. Under the gate.</summary>
    private WelcomeInfo InstallLocked(ChatConnectionOptions options, FrameConnection connection, WelcomeFrame welcome, bool isReconnect)
    {
        // History replayed on a reconnect that was already shown is skipped; when the server's
        // sequence is behind what was seen, it restarted, and its history is all new.
        var threshold = isReconnect && welcome.LastId > _lastSeenId ? _lastSeenId : 0;
        _lastSeenId = welcome.LastId;

        var session = new Session(connection, welcome, options, threshold, isReconnect, _time, _logger);
        _session = session;

        var users = Snapshot(welcome.Users);
        var info = new WelcomeInfo(welcome.User, users, welcome.LastId, options.Host, options.Port);
        Log.Joined(_logger, options.Host, options.Port, welcome.User, users.Count, isReconnect);
        SetStatusLocked(new ChatStatus(ConnectionState.Connected, welcome.User, options.Host, options.Port));
        _events.Publish(new Joined(info, isReconnect));
        SetUsersLocked(users);

        // The keepalive starts before anyone hears of the join, so a clock advanced in reaction
        // to the Joined event is always seen by it.
        session.Keepalive.Start();
        session.ReaderLoop = Task.Run(() => RunSessionAsync(session));
        return info;
    }

    private static ReadOnlyCollection<string> Snapshot(IReadOnlyList<string> users) => Array.AsReadOnly(users.ToArray());

    private readonly record struct AttemptOutcome(FrameConnection? Connection, WelcomeFrame? Welcome, ConnectFailure? Failure);
}
