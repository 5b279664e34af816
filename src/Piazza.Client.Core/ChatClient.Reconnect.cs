using Microsoft.Extensions.Logging;

namespace Piazza.Client.Core;

public sealed partial class ChatClient
{
    /// <summary>
    /// Stops reconnecting (the state becomes <see cref="ConnectionState.Disconnected"/>, the last
    /// error stays); what waits in the outbox fails. Does nothing when not reconnecting.
    /// </summary>
    public void CancelReconnect()
    {
        CancellationTokenSource? reconnect;
        lock (_gate)
        {
            (reconnect, _) = TakeReconnectLocked();
            if (reconnect is null)
            {
                return;
            }

            Log.ReconnectStopped(_logger);
            GiveUpOutboxLocked(Sentences.LostBeforeAck, Sentences.NotSentReconnectStopped);
            SetStatusLocked(DisconnectedStatusLocked(_status.LastError));
        }

        reconnect.Cancel();
    }

    /// <summary>
    /// Cuts short the wait before the next reconnect attempt, so that it starts at once (a user
    /// who knows the server is back need not sit through the countdown). The attempts and the
    /// backoff go on as before if it fails. Returns false, and does nothing, when the client is
    /// not waiting for an attempt (connected, disconnected, or an attempt is running).
    /// </summary>
    public bool ReconnectNow()
    {
        lock (_gate)
        {
            if (_reconnect is null || _status.State != ConnectionState.Reconnecting || _status.NextAttemptAt is null
                || _skipWait is not { } skip)
            {
                return false;
            }

            Log.ReconnectNow(_logger, _status.ReconnectAttempt);
            _skipWait = null;
            return skip.TrySetResult();
        }
    }

    /// <summary>Detaches the reconnect loop (the caller cancels it, outside the gate). Under the gate.</summary>
    private (CancellationTokenSource? Cts, Task Loop) TakeReconnectLocked()
    {
        var cts = _reconnect;
        _reconnect = null;
        return (cts, _reconnectLoop);
    }

    /// <summary>
    /// A server that welcomes and then drops the connection again and again must not be hammered
    /// every half second: each reconnected session that ends before <see cref="ReconnectPolicy.MaxDelay"/>
    /// moves the next round of delays one step further up the backoff; a session that lasts resets it.
    /// </summary>
    private void CountFlapLocked(Session session)
    {
        var lasted = _time.GetElapsedTime(session.JoinedAt);
        _flaps = session.IsReconnect && lasted < session.Options.Reconnect.MaxDelay ? Math.Min(_flaps + 1, 32) : 0;
    }

    private void StartReconnectLocked(ChatConnectionOptions options, string sessionToken, string reason)
    {
        var cts = new CancellationTokenSource();
        _reconnect = cts;
        var firstDelay = ScheduleLocked(options, 1, reason, cts.Token);
        _reconnectLoop = Task.Run(() => ReconnectLoopAsync(options, sessionToken, firstDelay, cts));
    }

    /// <summary>
    /// Announces attempt <paramref name="attempt"/> and starts its delay. The delay starts here,
    /// under the gate and before anyone hears of it, so that <see cref="ReconnectScheduled.At"/> is
    /// exactly when it ends, whatever the clock does meanwhile.
    /// </summary>
    private Task ScheduleLocked(ChatConnectionOptions options, int attempt, string lastError, CancellationToken ct)
    {
        var delay = options.Reconnect.DelayFor(attempt + _flaps, Random.Shared);
        var at = _time.GetUtcNow() + delay;
        var skip = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _skipWait = skip;
        var waiting = WaitOrSkipAsync(Task.Delay(delay, _time, ct), skip.Task);
        Log.ReconnectScheduled(_logger, attempt, delay.TotalMilliseconds);
        _events.Publish(new ReconnectScheduled(attempt, delay, at));
        SetStatusLocked(new ChatStatus(ConnectionState.Reconnecting, options.Username, options.Host, options.Port, attempt, at, lastError));
        return waiting;
    }

    /// <summary>
    /// Tries again and again with growing delays until it joins or is cancelled; it never gives up
    /// by itself. Every failure, even a refusal such as a name still held by the dead connection,
    /// is one more failed attempt, not the end.
    /// </summary>
    private async Task ReconnectLoopAsync(ChatConnectionOptions options, string sessionToken, Task firstDelay, CancellationTokenSource cts)
    {
        var ct = cts.Token;
        var attempt = 1;
        var delay = firstDelay;
        try
        {
            while (true)
            {
                await delay;
                lock (_gate)
                {
                    if (_reconnect != cts)
                    {
                        return;
                    }

                    SetStatusLocked(_status with { NextAttemptAt = null });
                }

                // The session token lets the server hand the name over at once from a connection
                // it has not yet noticed is dead; the hello's cursors make it send only what was missed.
                var outcome = await AttemptAsync(options, sessionToken, ct);
                lock (_gate)
                {
                    if (_reconnect != cts)
                    {
                        // Stopped while the attempt ran: a connection it opened belongs to nobody.
                    }
                    else if (outcome.Failure is { } failure)
                    {
                        Log.ReconnectFailed(_logger, attempt, failure.Kind, failure.Message);
                        _events.Publish(new ReconnectFailed(attempt, failure));
                        if (IsFinal(failure.Kind))
                        {
                            // The password changed elsewhere, or a ban: trying again would only be refused again (and throttled).
                            _reconnect = null;
                            Log.ReconnectStopped(_logger);
                            GiveUpOutboxLocked(Sentences.LostBeforeAck, Sentences.NotSentReconnectStopped);
                            SetStatusLocked(DisconnectedStatusLocked(failure.Message));
                            return;
                        }

                        attempt++;
                        delay = ScheduleLocked(options, attempt, failure.Message, ct);
                        continue;
                    }
                    else
                    {
                        _reconnect = null;
                        InstallLocked(options, outcome, isReconnect: true);
                        return;
                    }
                }

                if (outcome.Connection is not null)
                {
                    await outcome.Connection.DisposeAsync();
                }

                return;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Whoever cancelled has already set the state.
        }
    }

    /// <summary>Refusals that another attempt with the same details cannot overcome: reconnecting stops.</summary>
    private static bool IsFinal(ConnectFailureKind kind) =>
        kind is ConnectFailureKind.AuthFailed or ConnectFailureKind.AuthRequired or ConnectFailureKind.Banned
            or ConnectFailureKind.CertificateChanged;

    /// <summary>The delay, or less when <see cref="ReconnectNow"/> skips it; a cancelled delay still throws.</summary>
    private static async Task WaitOrSkipAsync(Task delay, Task skip)
    {
        var first = await Task.WhenAny(delay, skip);
        await first;
    }
}
