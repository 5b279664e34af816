using Piazza.Protocol;
using Piazza.Server.Chat;

namespace Piazza.Server.Doors.Irc;

/// <summary>
/// Pipelined messages (<see cref="SayPipeline"/>): an unlabeled PRIVMSG or NOTICE to one channel
/// is handed to the chat and the connection's next line is read while it commits, so a client
/// that sends many lines back to back is not limited to one message per commit. Its echo
/// (echo-message) and the echoes of the ones after it come in the order they were sent, as do the
/// messages in the channel. Anything else (a message to another channel, to a nick or to several
/// targets, one refused before it reaches the store, a labeled line, any other command but PONG,
/// PING and QUIT too, and a line that cannot be read) first waits until the messages in flight are
/// done, so its answer (numerics, FAIL, the labeled response) comes after their echoes and refusals.
/// </summary>
internal sealed partial class IrcConnection
{
    // Touched only by the link's reader (one handler call at a time).
    private readonly SayPipeline _says = new();

    /// <summary>A message to one channel that may be pipelined: its target as sent, the room's key, its Piazza text.</summary>
    private sealed record ChannelSay(string Command, string Target, string Address, string Text, bool Notice);

    /// <summary>True for a line that may be read while messages are in flight: an unlabeled PRIVMSG or NOTICE (more is checked later), a PONG.</summary>
    private bool MayPassSays(IrcMessage message) => message.Command switch
    {
        "PONG" => true,
        "PRIVMSG" or "NOTICE" => LabelOf(message) is null,
        _ => false,
    };

    /// <summary>
    /// The message as one that may be pipelined: unlabeled, one channel as its target, a name and
    /// a text the chat takes. Null for anything else, which is handled in turn.
    /// </summary>
    private ChannelSay? AsChannelSay(IrcMessage message)
    {
        if (LabelOf(message) is not null || message.Params.Count < 2 || message.Params[0].Length == 0 || message.Params[1].Length == 0)
        {
            return null;
        }

        var target = message.Params[0];
        if (target.Contains(',', StringComparison.Ordinal) || !IrcNames.IsChannel(target) || !RoomNameRules.Validate(target).IsValid)
        {
            return null;
        }

        var text = ToPiazzaText(message.Params[1]);
        if (text is null || !MessageTextRules.Validate(text).IsValid)
        {
            return null;
        }

        return new ChannelSay(message.Command, target, RoomNameRules.Normalize(target), text, message.Command == "NOTICE");
    }

    /// <summary>Hands a message to the chat and, when it waits for its commit, keeps it in flight.</summary>
    private async ValueTask<bool> SayPipelinedAsync(ChatSession session, ChannelSay say)
    {
        var reference = EchoReference(say.Notice);
        _logger.MessageAccepted(Id, session.Name, say.Text);
        var pending = _chat.SayAsync(session, say.Address, say.Text, reference);
        if (pending.IsCompleted)
        {
            if (await pending is { } refusal)
            {
                await _says.AnswerInTurnAsync(() => Refused(say.Command, say.Target, say.Notice, reference, refusal));
            }

            return true;
        }

        // Queued in the store: the next line is read while it commits.
        await _says.TrackAsync(FinishSayAsync(pending, say, reference), say.Address);
        return true;
    }

    private async Task FinishSayAsync(ValueTask<ChatRefusal?> pending, ChannelSay say, string? reference)
    {
        if (await pending is { } refusal)
        {
            Refused(say.Command, say.Target, say.Notice, reference, refusal);
        }
    }

    private async ValueTask<bool> DrainThenHandleAsync(IrcMessage message)
    {
        await _says.DrainAsync();
        return await HandleAsync(message);
    }

    private async ValueTask<bool> DrainThenRefuseLineAsync(IrcLineStatus status, string command)
    {
        await _says.DrainAsync();
        RefuseLine(status, command);
        return true;
    }
}
