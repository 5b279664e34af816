using Piazza.Protocol;

namespace Piazza.Client.Core;

public sealed partial class ChatClient
{
    /// <summary>
    /// Leaves politely: sends <c>bye</c>, waits briefly for the server to close (so acks for
    /// messages sent just before still arrive), closes, and saves the cursors. Stops any connect or
    /// reconnect in progress; nothing reconnects afterwards. Messages sent and still unacknowledged
    /// fail with <c>connection_lost</c>, those not sent yet with <c>not_connected</c>. The rooms
    /// and their cursors stay: connecting again as the same account rejoins them.
    /// </summary>
    /// <param name="ct">Cancelling it skips the wait for the server and closes at once.</param>
    public async Task DisconnectAsync(CancellationToken ct = default)
    {
        Session? session;
        CancellationTokenSource? attempt;
        CancellationTokenSource? reconnect;
        Task reconnectLoop;
        var closing = false;
        lock (_gate)
        {
            session = _session;
            if (session is not null)
            {
                // A second concurrent disconnect only waits for the first one's close.
                closing = !session.EndedByUser;
                session.EndedByUser = true;
            }

            attempt = _attempt;
            _attempt = null;
            (reconnect, reconnectLoop) = TakeReconnectLocked();
            if (session is null)
            {
                GiveUpOutboxLocked(Sentences.ClosedBeforeAck, Sentences.NotSentDisconnected);
                SetStatusLocked(DisconnectedStatusLocked(null));
            }
        }

        if (attempt is not null)
        {
            try
            {
                await attempt.CancelAsync();
            }
            catch (ObjectDisposedException)
            {
                // The attempt finished and cleaned up in the meantime; it will see it was superseded.
            }
        }

        if (reconnect is not null)
        {
            await reconnect.CancelAsync();
        }

        await reconnectLoop;
        if (closing)
        {
            await CloseSessionAsync(session!, ct);
        }
        else if (session is not null)
        {
            await session.ReaderLoop.WaitAsync(ct);
        }
        else
        {
            await FlushCursorsAsync(ct);
        }
    }

    private async Task CloseSessionAsync(Session session, CancellationToken ct)
    {
        using var grace = new CancellationTokenSource(CloseGrace, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, grace.Token);
        try
        {
            await session.Connection.SendAndFlushAsync(ByeFrame.Instance, linked.Token);
            await session.ReaderLoop.WaitAsync(linked.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            Log.ByeNotAnswered(_logger);
        }

        session.Abort("Disconnected.");
        await session.ReaderLoop;
    }
}
