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
            case FieldSet.Id: return TryInt64(ref reader, out Id);
            case FieldSet.Since: return TryInt64(ref reader, out Since);
            case FieldSet.LastId: return TryInt64(ref reader, out LastId);
            case FieldSet.Protocol:
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var protocol))
                {
                    Protocol = protocol;
                    return true;
                }

                return false;
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
            case FieldSet.Replay:
                if (reader.TokenType is JsonTokenType.True or JsonTokenType.False)
                {
                    Replay = reader.GetBoolean();
                    return true;
                }

                return false;
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

        limits = new ServerLimits((int)maxText, (int)maxFrame, ping, timeout);
        return true;
    }
}

/// <summary>The known fields, as bits.</summary>
[Flags]
internal enum FieldSet : uint
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
}

internal static class FieldNames
{
    public static string NameOf(FieldSet field) => field switch
    {
        FieldSet.LastId => "lastId",
        _ => field.ToString().ToLowerInvariant(),
    };
}
