using System.Globalization;
using Piazza.Protocol;
using Piazza.Server.Chat;
using Piazza.Store;

namespace Piazza.Server.Doors.Irc;

/// <summary>
/// draft/chathistory, served from the store: LATEST, BEFORE, AFTER, AROUND and BETWEEN, by msgid
/// (a Piazza id) or timestamp, in a <c>chathistory</c> batch, and TARGETS. Only messages are returned (joins,
/// leaves and topics are not, as without draft/event-playback).
/// </summary>
internal sealed partial class IrcConnection
{
    private async ValueTask<bool> OnChatHistoryAsync(ChatSession session, IrcMessage message)
    {
        var sub = message.Param(0)?.ToUpperInvariant();
        if (sub is null)
        {
            Fail("CHATHISTORY", "NEED_MORE_PARAMS", "Missing parameters");
            return true;
        }

        if (sub == "TARGETS")
        {
            return await OnTargetsAsync(session, message);
        }

        var needed = sub == "BETWEEN" ? 5 : 4;
        if (sub is not ("LATEST" or "BEFORE" or "AFTER" or "AROUND" or "BETWEEN"))
        {
            Fail("CHATHISTORY", "INVALID_PARAMS", "Unknown subcommand", sub);
            return true;
        }

        if (message.Params.Count < needed)
        {
            Fail("CHATHISTORY", "NEED_MORE_PARAMS", "Missing parameters", sub);
            return true;
        }

        var target = message.Params[1];
        string address;
        if (IrcNames.IsChannel(target))
        {
            if (!RoomNameRules.Validate(target).IsValid)
            {
                Fail("CHATHISTORY", "INVALID_TARGET", "No such channel", sub + " " + target);
                return true;
            }

            address = RoomNameRules.Normalize(target);
        }
        else if (IrcNames.Check(target) is null)
        {
            address = "@" + IrcNames.FromNick(target);
        }
        else
        {
            Fail("CHATHISTORY", "INVALID_TARGET", "No such nick or channel", sub + " " + target);
            return true;
        }

        if (!int.TryParse(message.Params[needed - 1], NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit < 1)
        {
            Fail("CHATHISTORY", "INVALID_PARAMS", "The limit must be a whole number of at least 1", sub);
            return true;
        }

        limit = Math.Min(limit, ProtocolLimits.MaxHistoryLimit);
        HistoryPage? page;
        ChatRefusal? refusal;
        switch (sub)
        {
            case "LATEST":
            {
                var after = 0L;
                if (message.Params[2] != "*")
                {
                    var bound = await BoundAsync(session, address, message.Params[2], after: true);
                    if (bound is null)
                    {
                        return InvalidReference(sub);
                    }

                    after = bound.Value;
                }

                (page, refusal) = await _chat.MessagesBetweenAsync(session, address, after, long.MaxValue, limit, ReadFrom.Newest);
                break;
            }

            case "BEFORE":
            {
                var before = await BoundAsync(session, address, message.Params[2], after: false);
                if (before is null)
                {
                    return InvalidReference(sub);
                }

                (page, refusal) = await _chat.MessagesBetweenAsync(session, address, 0, before.Value, limit, ReadFrom.Newest);
                break;
            }

            case "AFTER":
            {
                var after = await BoundAsync(session, address, message.Params[2], after: true);
                if (after is null)
                {
                    return InvalidReference(sub);
                }

                (page, refusal) = await _chat.MessagesBetweenAsync(session, address, after.Value, long.MaxValue, limit, ReadFrom.Oldest);
                break;
            }

            case "AROUND":
            {
                var before = await BoundAsync(session, address, message.Params[2], after: false);
                var after = await BoundAsync(session, address, message.Params[2], after: true);
                if (before is null || after is null)
                {
                    return InvalidReference(sub);
                }

                var (older, olderRefusal) = await _chat.MessagesBetweenAsync(session, address, 0, before.Value, Math.Max(1, limit / 2), ReadFrom.Newest);
                var (newer, newerRefusal) = await _chat.MessagesBetweenAsync(session, address, before.Value - 1, long.MaxValue, limit - (older?.Events.Count ?? 0), ReadFrom.Oldest);
                refusal = olderRefusal ?? newerRefusal;
                page = refusal is null ? new HistoryPage(older!.View, [.. older.Events, .. newer!.Events], false) : null;
                break;
            }

            default:
            {
                var first = await BoundAsync(session, address, message.Params[2], after: true);
                var second = await BoundAsync(session, address, message.Params[3], after: true);
                if (first is null || second is null)
                {
                    return InvalidReference(sub);
                }

                if (first <= second)
                {
                    var end = await BoundAsync(session, address, message.Params[3], after: false);
                    (page, refusal) = await _chat.MessagesBetweenAsync(session, address, first.Value, end!.Value, limit, ReadFrom.Oldest);
                }
                else
                {
                    var end = await BoundAsync(session, address, message.Params[2], after: false);
                    (page, refusal) = await _chat.MessagesBetweenAsync(session, address, second.Value, end!.Value, limit, ReadFrom.Newest);
                }

                break;
            }
        }

        if (page is null)
        {
            Fail("CHATHISTORY", refusal!.Error == ChatError.NotInRoom ? "INVALID_TARGET" : "MESSAGE_ERROR", refusal.Message, sub + " " + target);
            return true;
        }

        var id = OpenBatch("chathistory", target);
        foreach (var roomEvent in page.Events)
        {
            var bytes = _door.Plain.Encode(roomEvent.Data, TagsWanted, Has(IrcCaps.Batch) ? id : null);
            ReplyBytes(bytes);
        }

        CloseBatch(id);
        return true;
    }

    /// <summary>
    /// <c>CHATHISTORY TARGETS timestamp=A timestamp=B limit</c>: the channels this client is in
    /// and the nicks it has a conversation with whose newest message falls strictly between the two
    /// times (in either order), each with that message's time, oldest first.
    /// </summary>
    private async ValueTask<bool> OnTargetsAsync(ChatSession session, IrcMessage message)
    {
        if (message.Params.Count < 4)
        {
            Fail("CHATHISTORY", "NEED_MORE_PARAMS", "Missing parameters", "TARGETS");
            return true;
        }

        if (!TryTimestamp(message.Params[1], out var first) || !TryTimestamp(message.Params[2], out var second))
        {
            Fail("CHATHISTORY", "INVALID_PARAMS", "TARGETS takes two references of the form timestamp=YYYY-MM-DDThh:mm:ss.sssZ", "TARGETS");
            return true;
        }

        if (!int.TryParse(message.Params[3], NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit < 1)
        {
            Fail("CHATHISTORY", "INVALID_PARAMS", "The limit must be a whole number of at least 1", "TARGETS");
            return true;
        }

        var (after, before) = first <= second ? (first, second) : (second, first);
        var (targets, refusal) = await _chat.TargetsAsync(session, after, before, Math.Min(limit, ProtocolLimits.MaxHistoryLimit));
        if (targets is null)
        {
            Fail("CHATHISTORY", "MESSAGE_ERROR", refusal!.Message, "TARGETS");
            return true;
        }

        var id = OpenBatch("draft/chathistory-targets");
        var tags = Has(IrcCaps.Batch) ? "batch=" + id : null;
        foreach (var (address, latest) in targets)
        {
            var target = address.StartsWith('@') ? IrcNames.ToNick(_chat.Members.Find(address[1..])?.Name ?? address[1..]) : address;
            Reply(tags, _settings.ServerName, "CHATHISTORY", "TARGETS", target, IrcFormat.Time(latest));
        }

        CloseBatch(id);
        return true;
    }

    private static bool TryTimestamp(string reference, out DateTimeOffset time)
    {
        time = default;
        return reference.StartsWith("timestamp=", StringComparison.Ordinal)
            && DateTimeOffset.TryParse(reference.AsSpan(10), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }

    private bool InvalidReference(string sub)
    {
        Fail("CHATHISTORY", "INVALID_PARAMS", "Invalid message reference: use msgid=ID, timestamp=YYYY-MM-DDThh:mm:ss.sssZ or *", sub);
        return true;
    }

    /// <summary>
    /// A reference as an exclusive bound on ids: with <paramref name="after"/>, the id the range
    /// starts after (the message itself, or the last one before the time); otherwise the id it
    /// ends before. Null for a reference that cannot be read.
    /// </summary>
    private async Task<long?> BoundAsync(ChatSession session, string address, string reference, bool after)
    {
        if (reference.StartsWith("msgid=", StringComparison.Ordinal))
        {
            return long.TryParse(reference.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;
        }

        if (reference.StartsWith("timestamp=", StringComparison.Ordinal)
            && DateTimeOffset.TryParse(reference.AsSpan(10), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            // After a time: the events later than it; before a time: the events earlier than it.
            var (first, _) = await _chat.IdAtTimeAsync(session, address, time, inclusive: !after);
            return first is null ? null : after ? first.Value - 1 : first.Value;
        }

        return null;
    }

    /// <summary>Starts a batch (when the client takes batches); returns its reference.</summary>
    private string OpenBatch(string type, string? parameter = null)
    {
        var id = NewBatchId();
        if (Has(IrcCaps.Batch))
        {
            if (parameter is null)
            {
                Reply(null, _settings.ServerName, "BATCH", "+" + id, type);
            }
            else
            {
                Reply(null, _settings.ServerName, "BATCH", "+" + id, type, parameter);
            }
        }

        return id;
    }

    private void CloseBatch(string id)
    {
        if (Has(IrcCaps.Batch))
        {
            Reply(null, _settings.ServerName, "BATCH", "-" + id);
        }
    }
}
