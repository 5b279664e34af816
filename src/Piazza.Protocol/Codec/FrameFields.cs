using System.Text.Json;

namespace Piazza.Protocol;

/// <summary>
/// Every field any frame type knows, gathered in one pass over the JSON object. Which of them
/// matter is decided afterwards by <see cref="FrameBuilder"/> from <c>type</c>, so a field that
/// is irrelevant to the frame's type is ignored, as the contract asks of unknown fields.
/// </summary>
internal struct FrameFields
{
    public FieldSet Present;
    public FieldSet WrongKind;

    // Every known field met so far, null ones included: a null does not make a repeat legal.
    private FieldSet _seen;

    public string? Type;
    public string? User;
    public int? Protocol;
    public string? Client;
    public long? Since;
    public string? Session;
    public string? Text;
    public string? Ref;
    public long? Id;
    public DateTimeOffset? Ts;
    public string? From;
    public bool? Replay;
    public string? Reason;
    public string? Code;
    public string? Message;
    public string? Suggestion;
    public List<string>? Users;
    public long? LastId;
    public ServerLimits? Limits;
    public string? Server;
    public string? Room;
    public Dictionary<string, RoomCursor>? RoomCursors;
    public List<RoomSummary>? RoomList;
    public string? Topic;
    public string? Epoch;
    public bool? Truncated;
    public long? Before;
    public int? Limit;
    public List<Frame>? Events;
    public bool? More;
    public string? Password;
    public bool? Register;
    public string? By;
    public string? NewPassword;
    public bool? Changed;
    public string? Address;
    public long? Duration;
    public string? Action;
    public string? Note;
    public List<string>? Operators;
    public bool? Account;
    public bool? Admin;

    /// <summary>Reads the object the reader is positioned on (at its StartObject).</summary>
    /// <returns>Null, or the error that makes the frame a <c>bad_frame</c>.</returns>
    public static ProtocolError? ReadObject(ref Utf8JsonReader reader, out FrameFields fields)
    {
        fields = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Identify(ref reader);
            reader.Read();
            if (field == FieldSet.None)
            {
                reader.Skip();
                continue;
            }

            if ((fields._seen & field) != 0)
            {
                return ProtocolError.Bad($"The field '{FieldNames.NameOf(field)}' appears more than once.");
            }

            fields._seen |= field;
            if (reader.TokenType == JsonTokenType.Null && field != FieldSet.Type)
            {
                // null means absent for every optional field.
                continue;
            }

            fields.Present |= field;

            if (!fields.TryRead(ref reader, field))
            {
                fields.WrongKind |= field;
                reader.Skip();
            }
        }

        return null;
    }

    private static FieldSet Identify(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("type"u8)) return FieldSet.Type;
        if (reader.ValueTextEquals("user"u8)) return FieldSet.User;
        if (reader.ValueTextEquals("text"u8)) return FieldSet.Text;
        if (reader.ValueTextEquals("ref"u8)) return FieldSet.Ref;
        if (reader.ValueTextEquals("id"u8)) return FieldSet.Id;
        if (reader.ValueTextEquals("ts"u8)) return FieldSet.Ts;
        if (reader.ValueTextEquals("from"u8)) return FieldSet.From;
        if (reader.ValueTextEquals("protocol"u8)) return FieldSet.Protocol;
        if (reader.ValueTextEquals("client"u8)) return FieldSet.Client;
        if (reader.ValueTextEquals("since"u8)) return FieldSet.Since;
        if (reader.ValueTextEquals("session"u8)) return FieldSet.Session;
        if (reader.ValueTextEquals("replay"u8)) return FieldSet.Replay;
        if (reader.ValueTextEquals("reason"u8)) return FieldSet.Reason;
        if (reader.ValueTextEquals("code"u8)) return FieldSet.Code;
        if (reader.ValueTextEquals("message"u8)) return FieldSet.Message;
        if (reader.ValueTextEquals("suggestion"u8)) return FieldSet.Suggestion;
        if (reader.ValueTextEquals("users"u8)) return FieldSet.Users;
        if (reader.ValueTextEquals("lastId"u8)) return FieldSet.LastId;
        if (reader.ValueTextEquals("limits"u8)) return FieldSet.Limits;
        if (reader.ValueTextEquals("server"u8)) return FieldSet.Server;
        if (reader.ValueTextEquals("room"u8)) return FieldSet.Room;
        if (reader.ValueTextEquals("rooms"u8)) return FieldSet.Rooms;
        if (reader.ValueTextEquals("topic"u8)) return FieldSet.Topic;
        if (reader.ValueTextEquals("epoch"u8)) return FieldSet.Epoch;
        if (reader.ValueTextEquals("truncated"u8)) return FieldSet.Truncated;
        if (reader.ValueTextEquals("before"u8)) return FieldSet.Before;
        if (reader.ValueTextEquals("limit"u8)) return FieldSet.Limit;
        if (reader.ValueTextEquals("events"u8)) return FieldSet.Events;
        if (reader.ValueTextEquals("more"u8)) return FieldSet.More;
        if (reader.ValueTextEquals("password"u8)) return FieldSet.Password;
        if (reader.ValueTextEquals("register"u8)) return FieldSet.Register;
        if (reader.ValueTextEquals("by"u8)) return FieldSet.By;
        if (reader.ValueTextEquals("newPassword"u8)) return FieldSet.NewPassword;
        if (reader.ValueTextEquals("changed"u8)) return FieldSet.Changed;
        if (reader.ValueTextEquals("address"u8)) return FieldSet.Address;
        if (reader.ValueTextEquals("duration"u8)) return FieldSet.Duration;
        if (reader.ValueTextEquals("action"u8)) return FieldSet.Action;
        if (reader.ValueTextEquals("note"u8)) return FieldSet.Note;
        if (reader.ValueTextEquals("operators"u8)) return FieldSet.Operators;
        if (reader.ValueTextEquals("account"u8)) return FieldSet.Account;
        if (reader.ValueTextEquals("admin"u8)) return FieldSet.Admin;
        return FieldSet.None;
    }

    private bool TryRead(ref Utf8JsonReader reader, FieldSet field)
    {
        switch (field)
        {
            case FieldSet.Type: return TryString(ref reader, out Type);
            case FieldSet.User: return TryString(ref reader, out User);
            case FieldSet.Text: return TryString(ref reader, out Text);
            case FieldSet.Ref: return TryString(ref reader, out Ref);
            case FieldSet.From: return TryString(ref reader, out From);
            case FieldSet.Client: return TryString(ref reader, out Client);
            case FieldSet.Session: return TryString(ref reader, out Session);
            case FieldSet.Reason: return TryString(ref reader, out Reason);
            case FieldSet.Code: return TryString(ref reader, out Code);
            case FieldSet.Message: return TryString(ref reader, out Message);
            case FieldSet.Suggestion: return TryString(ref reader, out Suggestion);
            case FieldSet.Server: return TryString(ref reader, out Server);
            case FieldSet.Room: return TryString(ref reader, out Room);
            case FieldSet.Topic: return TryString(ref reader, out Topic);
            case FieldSet.Epoch: return TryString(ref reader, out Epoch);
            case FieldSet.Password: return TryString(ref reader, out Password);
            case FieldSet.By: return TryString(ref reader, out By);
            case FieldSet.NewPassword: return TryString(ref reader, out NewPassword);
            case FieldSet.Address: return TryString(ref reader, out Address);
            case FieldSet.Action: return TryString(ref reader, out Action);
            case FieldSet.Note: return TryString(ref reader, out Note);
            case FieldSet.Changed: return TryBool(ref reader, out Changed);
            case FieldSet.Account: return TryBool(ref reader, out Account);
            case FieldSet.Admin: return TryBool(ref reader, out Admin);
            case FieldSet.Duration: return TryInt64(ref reader, out Duration);
            case FieldSet.Operators: return TryStringArray(ref reader, out Operators);
            case FieldSet.Before: return TryInt64(ref reader, out Before);
            case FieldSet.Limit: return TryInt32(ref reader, out Limit);
            case FieldSet.Truncated: return TryBool(ref reader, out Truncated);
            case FieldSet.More: return TryBool(ref reader, out More);
            case FieldSet.Register: return TryBool(ref reader, out Register);
            case FieldSet.Rooms:
                return reader.TokenType == JsonTokenType.StartObject
                    ? TryCursors(ref reader, out RoomCursors)
                    : TrySummaries(ref reader, out RoomList);
            case FieldSet.Events: return TryEvents(ref reader, out Events);
            case FieldSet.Id: return TryInt64(ref reader, out Id);
            case FieldSet.Since: return TryInt64(ref reader, out Since);
            case FieldSet.LastId: return TryInt64(ref reader, out LastId);
            case FieldSet.Protocol: return TryInt32(ref reader, out Protocol);
            case FieldSet.Ts:
                if (reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var ts))
                {
                    // A time without 'Z' or an offset is read as UTC, as the server writes it,
                    // never in the reading machine's time zone.
                    Ts = reader.TryGetDateTime(out var plain) && plain.Kind == DateTimeKind.Unspecified
                        ? new DateTimeOffset(plain, TimeSpan.Zero)
                        : ts;
                    return true;
                }

                return false;
            case FieldSet.Replay: return TryBool(ref reader, out Replay);
            case FieldSet.Users: return TryStringArray(ref reader, out Users);
            case FieldSet.Limits: return TryLimits(ref reader, out Limits);
            default: return false;
        }
    }

    private static bool TryString(ref Utf8JsonReader reader, out string? value)
    {
        value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return value is not null;
    }

    private static bool TryInt64(ref Utf8JsonReader reader, out long? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number))
        {
            value = number;
        }

        return value is not null;
    }

    private static bool TryInt32(ref Utf8JsonReader reader, out int? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number))
        {
            value = number;
        }

        return value is not null;
    }

    private static bool TryBool(ref Utf8JsonReader reader, out bool? value)
    {
        value = reader.TokenType is JsonTokenType.True or JsonTokenType.False ? reader.GetBoolean() : null;
        return value is not null;
    }

    /// <summary>Leaves the reader on the end of the container it is in, after a refused element.</summary>
    private static void SkipRest(ref Utf8JsonReader reader, JsonTokenType end)
    {
        reader.Skip();
        while (reader.Read() && reader.TokenType != end)
        {
            reader.Skip();
        }
    }

    /// <summary>
    /// <c>hello.rooms</c>: <c>{"#dev":{"since":12,"epoch":"Zp2c"},"#piazza":{}}</c>. Rooms compare as
    /// room names do, case-insensitively: <c>#dev</c> and <c>#DEV</c> are one room named twice.
    /// </summary>
    private static bool TryCursors(ref Utf8JsonReader reader, out Dictionary<string, RoomCursor>? cursors)
    {
        cursors = null;
        var map = new Dictionary<string, RoomCursor>(RoomNameRules.Comparer);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var room = reader.GetString()!;
            reader.Read();
            if (map.ContainsKey(room) || !TryCursor(ref reader, out var cursor))
            {
                SkipRest(ref reader, JsonTokenType.EndObject);
                return false;
            }

            map.Add(room, cursor!);
        }

        cursors = map;
        return true;
    }

    private static bool TryCursor(ref Utf8JsonReader reader, out RoomCursor? cursor)
    {
        cursor = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        long? since = null;
        string? epoch = null;
        bool seenSince = false, seenEpoch = false, ok = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("since"u8))
            {
                reader.Read();
                ok &= !seenSince && (reader.TokenType == JsonTokenType.Null || (TryInt64(ref reader, out since) && since >= 0));
                seenSince = true;
            }
            else if (reader.ValueTextEquals("epoch"u8))
            {
                reader.Read();
                ok &= !seenEpoch && (reader.TokenType == JsonTokenType.Null || TryString(ref reader, out epoch));
                seenEpoch = true;
            }
            else
            {
                reader.Read();
            }

            reader.Skip();
        }

        cursor = (since, epoch) == (null, null) ? RoomCursor.None : new RoomCursor(since, epoch);
        return ok;
    }

    /// <summary>The <c>rooms</c> answer: <c>[{"room":"#dev","topic":"..","members":3}]</c>.</summary>
    private static bool TrySummaries(ref Utf8JsonReader reader, out List<RoomSummary>? summaries)
    {
        summaries = null;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var list = new List<RoomSummary>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!TrySummary(ref reader, out var summary))
            {
                SkipRest(ref reader, JsonTokenType.EndArray);
                return false;
            }

            list.Add(summary!);
        }

        summaries = list;
        return true;
    }

    private static bool TrySummary(ref Utf8JsonReader reader, out RoomSummary? summary)
    {
        summary = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        string? room = null, topic = null;
        int? members = null;
        bool ok = true, seenTopic = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("room"u8))
            {
                reader.Read();
                ok &= room is null && TryString(ref reader, out room);
            }
            else if (reader.ValueTextEquals("topic"u8))
            {
                // A null topic does not make a second one legal, as for the frame's own fields.
                reader.Read();
                ok &= !seenTopic && (reader.TokenType == JsonTokenType.Null || TryString(ref reader, out topic));
                seenTopic = true;
            }
            else if (reader.ValueTextEquals("members"u8))
            {
                reader.Read();
                ok &= members is null && TryInt32(ref reader, out members) && members >= 0;
            }
            else
            {
                reader.Read();
            }

            reader.Skip();
        }

        if (!ok || room is null)
        {
            return false;
        }

        summary = new RoomSummary(room, topic, members ?? 0);
        return true;
    }

    /// <summary>The <c>history</c> answer's events: an array of room event objects, each read as a frame.</summary>
    private static bool TryEvents(ref Utf8JsonReader reader, out List<Frame>? events)
    {
        events = null;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var list = new List<Frame>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject
                || ReadObject(ref reader, out var inner) is not null
                || FrameBuilder.Build(in inner) is not { Status: FrameReadStatus.Frame, Frame: var frame }
                || frame is not (MessageFrame or JoinedFrame or LeftFrame or TopicFrame { Id: not null } or ModFrame { Id: not null }))
            {
                if (reader.TokenType != JsonTokenType.EndObject || reader.CurrentDepth == 0)
                {
                    reader.Skip();
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    reader.Skip();
                }

                return false;
            }

            list.Add(frame);
        }

        events = list;
        return true;
    }

    private static bool TryStringArray(ref Utf8JsonReader reader, out List<string>? values)
    {
        values = null;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var list = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                // Leave the reader where Skip() can finish the array.
                reader.Skip();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    reader.Skip();
                }

                return false;
            }

            list.Add(reader.GetString()!);
        }

        values = list;
        return true;
    }

    private static bool TryLimits(ref Utf8JsonReader reader, out ServerLimits? limits)
    {
        limits = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        var defaults = ServerLimits.Default;
        long maxText = defaults.MaxText, maxFrame = defaults.MaxFrame;
        long ping = defaults.PingIntervalMs, timeout = defaults.TimeoutMs;
        double rateBurst = 0, ratePerSecond = 0;
        var ok = true;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            ref long target = ref maxText;
            var bit = 0;
            if (reader.ValueTextEquals("maxText"u8)) { target = ref maxText; bit = 1; }
            else if (reader.ValueTextEquals("maxFrame"u8)) { target = ref maxFrame; bit = 2; }
            else if (reader.ValueTextEquals("pingIntervalMs"u8)) { target = ref ping; bit = 4; }
            else if (reader.ValueTextEquals("timeoutMs"u8)) { target = ref timeout; bit = 8; }
            else if (reader.ValueTextEquals("rateBurst"u8) || reader.ValueTextEquals("ratePerSecond"u8))
            {
                // Rates may be fractional (half a frame per second), so they are read as numbers, not integers.
                var burst = reader.ValueTextEquals("rateBurst"u8);
                var rateBit = burst ? 16 : 32;
                ok &= (seen & rateBit) == 0;
                seen |= rateBit;
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var rate) && double.IsFinite(rate) && rate >= 0)
                {
                    if (burst) rateBurst = rate; else ratePerSecond = rate;
                }
                else
                {
                    ok = false;
                    reader.Skip();
                }

                continue;
            }

            // A repeated limit is as ambiguous as a repeated top-level field.
            var known = bit != 0;
            ok &= (seen & bit) == 0;
            seen |= bit;

            reader.Read();
            if (known && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) && value >= 0)
            {
                target = value;
            }
            else
            {
                ok &= !known;
                reader.Skip();
            }
        }

        if (!ok || maxText > int.MaxValue || maxFrame > int.MaxValue)
        {
            return false;
        }

        limits = new ServerLimits((int)maxText, (int)maxFrame, ping, timeout, rateBurst, ratePerSecond);
        return true;
    }
}

/// <summary>The known fields, as bits.</summary>
[Flags]
internal enum FieldSet : ulong
{
    None = 0,
    Type = 1 << 0,
    User = 1 << 1,
    Text = 1 << 2,
    Ref = 1 << 3,
    Id = 1 << 4,
    Ts = 1 << 5,
    From = 1 << 6,
    Protocol = 1 << 7,
    Client = 1 << 8,
    Since = 1 << 9,
    Session = 1 << 10,
    Replay = 1 << 11,
    Reason = 1 << 12,
    Code = 1 << 13,
    Message = 1 << 14,
    Suggestion = 1 << 15,
    Users = 1 << 16,
    LastId = 1 << 17,
    Limits = 1 << 18,
    Server = 1 << 19,
    Room = 1 << 20,
    Rooms = 1 << 21,
    Topic = 1 << 22,
    Epoch = 1 << 23,
    Truncated = 1 << 24,
    Before = 1 << 25,
    Limit = 1 << 26,
    Events = 1 << 27,
    More = 1 << 28,
    Password = 1 << 29,
    Register = 1 << 30,
    By = 1UL << 31,
    NewPassword = 1UL << 32,
    Changed = 1UL << 33,
    Address = 1UL << 34,
    Duration = 1UL << 35,
    Action = 1UL << 36,
    Note = 1UL << 37,
    Operators = 1UL << 38,
    Account = 1UL << 39,
    Admin = 1UL << 40,
}

internal static class FieldNames
{
    public static string NameOf(FieldSet field) => field switch
    {
        FieldSet.LastId => "lastId",
        FieldSet.NewPassword => "newPassword",
        FieldSet.Truncated or FieldSet.Before or FieldSet.Limit or FieldSet.Events or FieldSet.More => field.ToString().ToLowerInvariant(),
        _ => field.ToString().ToLowerInvariant(),
    };
}
