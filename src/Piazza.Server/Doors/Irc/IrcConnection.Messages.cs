using System.Globalization;
using System.Text;
using Piazza.Protocol;
using Piazza.Server.Chat;

namespace Piazza.Server.Doors.Irc;

/// <summary>
/// PRIVMSG and NOTICE: to a channel, a message in the room; to a nick, a direct message. Both are
/// stored as Piazza messages (Piazza has one kind), so recipients see PRIVMSG; the sender's echo
/// keeps the command it used.
/// </summary>
internal sealed partial class IrcConnection
{
    private static readonly System.Buffers.SearchValues<char> FormattingCodes =
        System.Buffers.SearchValues.Create("\u0002\u0003\u0004\u000f\u0011\u0016\u001d\u001e\u001f");

    private long _nextRef;

    private ValueTask<bool> OnMessageAsync(ChatSession session, IrcMessage message)
    {
        if (AsChannelSay(message) is { } say)
        {
            // To another channel than the ones in flight: after them, then in flight itself.
            return _says.MayJoin(say.Address) ? SayPipelinedAsync(session, say) : DrainThenSayAsync(session, say);
        }

        return _says.IsBusy ? DrainThenMessageAsync(session, message) : OnMessageInTurnAsync(session, message);
    }

    private async ValueTask<bool> DrainThenSayAsync(ChatSession session, ChannelSay say)
    {
        await _says.DrainAsync();
        return await SayPipelinedAsync(session, say);
    }

    private async ValueTask<bool> DrainThenMessageAsync(ChatSession session, IrcMessage message)
    {
        await _says.DrainAsync();
        return await OnMessageInTurnAsync(session, message);
    }

    /// <summary>A message that is not pipelined: handled, and answered, before the next line is read.</summary>
    private async ValueTask<bool> OnMessageInTurnAsync(ChatSession session, IrcMessage message)
    {
        var command = message.Command;
        var notice = command == "NOTICE";
        if (message.Params.Count == 0 || message.Params[0].Length == 0)
        {
            if (!notice)
            {
                Numeric(Numerics.NoRecipient, $"No recipient given ({command})");
            }

            return true;
        }

        if (message.Params.Count < 2 || message.Params[1].Length == 0)
        {
            if (!notice)
            {
                Numeric(Numerics.NoTextToSend, "No text to send");
            }

            return true;
        }

        var text = ToPiazzaText(message.Params[1]);
        if (text is null)
        {
            // A CTCP request or reply other than ACTION: Piazza text has no control characters to carry it.
            return true;
        }

        var targets = message.Params[0].Split(',', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.OrdinalIgnoreCase).Take(4).ToList();
        foreach (var target in targets)
        {
            await SendToAsync(session, command, target, text, notice);
        }

        return true;
    }

    private async Task SendToAsync(ChatSession session, string command, string target, string text, bool notice)
    {
        string address;
        if (IrcNames.IsChannel(target))
        {
            if (!RoomNameRules.Validate(target).IsValid)
            {
                if (!notice)
                {
                    Numeric(Numerics.NoSuchChannel, target, "No such channel");
                }

                return;
            }

            address = RoomNameRules.Normalize(target);
        }
        else
        {
            if (IrcNames.Check(target) is not null)
            {
                if (!notice)
                {
                    Numeric(Numerics.NoSuchNick, target, "No such nick/channel");
                }

                return;
            }

            address = "@" + IrcNames.FromNick(target);
        }

        var verdict = MessageTextRules.Validate(text);
        if (!verdict.IsValid)
        {
            if (!notice)
            {
                Fail(command, "INVALID_TEXT", verdict.Message!, target);
            }

            return;
        }

        var reference = EchoReference(notice);
        _logger.MessageAccepted(Id, session.Name, text);
        if (await _chat.SayAsync(session, address, text, reference) is { } refusal)
        {
            Refused(command, target, notice, reference, refusal);
            return;
        }

        if (!notice && !IrcNames.IsChannel(target) && _door.Directory.Find(IrcNames.FromNick(target))?.AwayMessage is { } away)
        {
            Numeric(Numerics.Away, target, away);
        }
    }

    /// <summary>
    /// The echo of a NOTICE (with echo-message) keeps its command: the ref it is sent with finds it
    /// again. Null when there is nothing to find (a PRIVMSG is echoed as one).
    /// </summary>
    private string? EchoReference(bool notice)
    {
        if (!notice || !Has(IrcCaps.EchoMessage))
        {
            return null;
        }

        var reference = "irc-" + Id.ToString(CultureInfo.InvariantCulture) + "-"
            + Interlocked.Increment(ref _nextRef).ToString(CultureInfo.InvariantCulture) + "-" + NewSessionToken()[..8];
        lock (_gate)
        {
            _echoes[reference] = "NOTICE";
        }

        return reference;
    }

    /// <summary>A message the chat refused: its echo is no longer awaited, and a PRIVMSG is answered.</summary>
    private void Refused(string command, string target, bool notice, string? reference, ChatRefusal refusal)
    {
        if (reference is not null)
        {
            lock (_gate)
            {
                _echoes.Remove(reference);
            }
        }

        if (!notice)
        {
            RefuseMessage(command, target, refusal);
        }
    }

    private void RefuseMessage(string command, string target, ChatRefusal refusal)
    {
        switch (refusal.Error)
        {
            case ChatError.Closing:
                return;
            case ChatError.NoSuchUser or ChatError.InvalidUsername:
                Numeric(Numerics.NoSuchNick, target, "No such nick/channel");
                return;
            case ChatError.InvalidRoom when IrcNames.IsChannel(target):
                Numeric(Numerics.NoSuchChannel, target, "No such channel");
                return;
            case ChatError.InvalidRoom:
                Numeric(Numerics.NoSuchNick, target, "No such nick/channel");
                return;
            case ChatError.NotInRoom or ChatError.NotPermitted:
                Numeric(Numerics.CannotSendToChan, target, "Cannot send to channel: " + refusal.Message);
                return;
            default:
                Fail(command, Code(refusal.Error), refusal.Message, target);
                return;
        }
    }

    /// <summary>
    /// An IRC text as Piazza text: a CTCP ACTION becomes <c>/me ...</c>, formatting codes (bold,
    /// colours, ...) are removed. Null for any other CTCP, which is not relayed.
    /// </summary>
    public static string? ToPiazzaText(string text)
    {
        if (text.StartsWith('\u0001'))
        {
            var body = text.TrimStart('\u0001').TrimEnd('\u0001');
            if (body.StartsWith("ACTION ", StringComparison.Ordinal) && body.Length > 7)
            {
                return IrcFormat.ActionPrefix + StripFormatting(body[7..]);
            }

            return null;
        }

        return StripFormatting(text);
    }

    /// <summary>Removes mIRC formatting: ^B ^] ^_ ^^ ^Q ^V ^O, and ^C with its colour numbers.</summary>
    public static string StripFormatting(string text)
    {
        if (text.AsSpan().IndexOfAny(FormattingCodes) < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\u0002' or '\u000f' or '\u0011' or '\u0016' or '\u001d' or '\u001e' or '\u001f':
                    continue;
                case '\u0003':
                    i = SkipColour(text, i + 1, digits: true) - 1;
                    continue;
                case '\u0004':
                    i = SkipColour(text, i + 1, digits: false) - 1;
                    continue;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>After a colour code: skips <c>NN[,NN]</c> (or hex <c>RRGGBB[,RRGGBB]</c>); returns where the text resumes.</summary>
    private static int SkipColour(string text, int at, bool digits)
    {
        var width = digits ? 2 : 6;
        int Skip(int from)
        {
            var n = 0;
            while (from + n < text.Length && n < width && (digits ? char.IsAsciiDigit(text[from + n]) : char.IsAsciiHexDigit(text[from + n])))
            {
                n++;
            }

            return from + n;
        }

        var end = Skip(at);
        if (end > at && end + 1 < text.Length && text[end] == ',' && (digits ? char.IsAsciiDigit(text[end + 1]) : char.IsAsciiHexDigit(text[end + 1])))
        {
            end = Skip(end + 1);
        }

        return end;
    }
}
