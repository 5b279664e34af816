using System.Globalization;
using Piazza.Protocol;

namespace Piazza.Client.Core;

public sealed partial class ChatClient
{
    /// <summary>
    /// The most bytes the codec writes for one UTF-16 unit of text: six, for a character it
    /// escapes as <c>\uXXXX</c> (U+2028 and U+2029 are allowed in a message and escaped so).
    /// </summary>
    private const int MaxBytesPerChar = 6;

    /// <summary>
    /// Sends a message to the room and completes when the server acknowledged it (with its id and
    /// time), refused it (with its code and sentence), or when it could not be sent or the
    /// connection ended before the acknowledgement (<see cref="SendErrorCodes"/>). Text that breaks
    /// the message rules is refused here, with the server's code, without being sent.
    /// </summary>
    /// <remarks>Cancelling <paramref name="ct"/> only stops the waiting; a message already sent may still arrive.</remarks>
    public async Task<SendResult> SendAsync(string text, CancellationToken ct = default)
    {
        Session? session;
        ConnectionState state;
        lock (_gate)
        {
            session = _session;
            state = _status.State;
        }

        if (session is null || session.EndedByUser)
        {
            // After DisconnectAsync began, a say would follow the bye: the server would never read it.
            return SendResult.Failed(SendErrorCodes.NotConnected,
                session is null ? Sentences.NotConnectedFor(state) : Sentences.Disconnecting);
        }

        var limits = session.Limits;
        var check = MessageTextRules.Validate(text, limits.MaxText);
        if (!check.IsValid)
        {
            return SendResult.Failed(check.Code!, check.Message!);
        }

        var reference = "c-" + Interlocked.Increment(ref _nextRef).ToString(CultureInfo.InvariantCulture);
        var say = new SayFrame(text, reference);
        var maxFrame = limits.MaxFrame;
        if (text.Length * MaxBytesPerChar > maxFrame - 64 && FrameWriter.ToBytes(say).Length is var bytes && bytes > maxFrame)
        {
            // Only text long enough to come near the limit is measured.
            return SendResult.Failed(ErrorCodes.MessageTooLong, Sentences.FrameTooLargeToSend(bytes, maxFrame));
        }

        var pending = session.Pending.TryAdd(reference);
        if (pending is null)
        {
            return SendResult.Failed(SendErrorCodes.NotConnected, Sentences.JustClosed);
        }

        if (!session.Connection.TrySend(say))
        {
            session.Pending.Forget(reference);
            return SendResult.Failed(SendErrorCodes.NotConnected, Sentences.JustClosed);
        }

        try
        {
            return await pending.WaitAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            session.Pending.Forget(reference);
            throw;
        }
    }

    /// <summary>
    /// Leaves politely: sends <c>bye</c>, waits briefly for the server to close (so acks for
    /// messages sent just before still arrive), and closes. Stops any connect or reconnect in
    /// progress; nothing reconnects afterwards. Messages still unacknowledged fail with
    /// <c>connection_lost</c>.
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
