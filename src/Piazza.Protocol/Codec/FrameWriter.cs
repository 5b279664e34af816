using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Piazza.Protocol;

/// <summary>
/// Writes frames as one line of JSON each, ended by <c>\n</c>, to an <see cref="IBufferWriter{T}"/>.
/// Pure: no I/O; the caller decides where the bytes go.
/// </summary>
public static class FrameWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        // Text fields are written by JsonString (raw UTF-8, emoji included); the writer's own
        // escaping only ever sees the ASCII type names and timestamps.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = true,
    };

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_scratch;

    /// <summary>Writes <paramref name="frame"/> and its terminating newline to <paramref name="output"/>.</summary>
    public static void Write(IBufferWriter<byte> output, Frame frame)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(frame);

        var json = t_writer;
        if (json is null)
        {
            json = new Utf8JsonWriter(output, Options);
            t_writer = json;
        }
        else
        {
            json.Reset(output);
        }

        try
        {
            json.WriteStartObject();
            json.WriteString("type"u8, frame.Type);
            WriteFields(json, frame);
            json.WriteEndObject();
            json.Flush();
        }
        finally
        {
            // Detach from the caller's buffer so the cached writer does not keep it alive.
            json.Reset(Stream.Null);
        }

        output.Write("\n"u8);
    }

    /// <summary>Serializes <paramref name="frame"/> to a new array, newline included.</summary>
    public static byte[] ToBytes(Frame frame)
    {
        var scratch = t_scratch ??= new ArrayBufferWriter<byte>(256);
        scratch.ResetWrittenCount();
        Write(scratch, frame);
        var bytes = scratch.WrittenSpan.ToArray();
        if (scratch.Capacity > 64 * 1024)
        {
            // One huge frame (a welcome to a big room) should not pin a huge scratch buffer.
            t_scratch = null;
        }

        return bytes;
    }

    private static void WriteFields(Utf8JsonWriter json, Frame frame)
    {
        switch (frame)
        {
            case HelloFrame f:
                JsonString.Write(json, "user"u8, f.User);
                if (f.Protocol is { } protocol) json.WriteNumber("protocol"u8, protocol);
                WriteOptional(json, "client"u8, f.Client);
                if (f.Since is { } since) json.WriteNumber("since"u8, since);
                WriteOptional(json, "session"u8, f.Session);
                if (f.Rooms is { } rooms) WriteCursors(json, rooms);
                WriteOptional(json, "password"u8, f.Password);
                if (f.Register is { } register) json.WriteBoolean("register"u8, register);
                break;
            case SayFrame f:
                WriteOptional(json, "room"u8, f.Room);
                JsonString.Write(json, "text"u8, f.Text);
                WriteOptional(json, "ref"u8, f.Ref);
                break;
            case MessageFrame or JoinedFrame or LeftFrame or TopicFrame { Id: not null } or ModFrame { Id: not null }:
                WriteEventFields(json, frame);
                break;
            case TopicFrame f:
                JsonString.Write(json, "room"u8, f.Room);
                JsonString.Write(json, "topic"u8, f.Topic);
                break;
            case AckFrame f:
                WriteOptional(json, "ref"u8, f.Ref);
                WriteOptional(json, "room"u8, f.Room);
                json.WriteNumber("id"u8, f.Id);
                WriteTimestamp(json, f.Ts);
                break;
            case WelcomeFrame f:
                JsonString.Write(json, "user"u8, f.User);
                WriteUsers(json, f.Users);
                JsonString.Write(json, "session"u8, f.Session);
                json.WriteNumber("lastId"u8, f.LastId);
                WriteLimits(json, f.Limits);
                JsonString.Write(json, "server"u8, f.Server);
                if (f.Account) json.WriteBoolean("account"u8, true);
                if (f.Admin) json.WriteBoolean("admin"u8, true);
                break;
            case ErrorFrame f:
                JsonString.Write(json, "code"u8, f.Code);
                JsonString.Write(json, "message"u8, f.Message);
                WriteOptional(json, "ref"u8, f.Ref);
                WriteOptional(json, "suggestion"u8, f.Suggestion);
                WriteOptional(json, "room"u8, f.Room);
                break;
            case ShutdownFrame f:
                JsonString.Write(json, "message"u8, f.Message);
                break;
            case UsersFrame f:
                WriteOptional(json, "room"u8, f.Room);
                WriteUsers(json, f.Users);
                break;
            case WhoFrame f:
                WriteOptional(json, "room"u8, f.Room);
                break;
            case RoomFrame f:
                JsonString.Write(json, "room"u8, f.Room);
                WriteOptional(json, "topic"u8, f.Topic);
                WriteUsers(json, f.Users);
                if (f.Operators is { } operators) WriteNames(json, "operators"u8, operators);
                json.WriteNumber("lastId"u8, f.LastId);
                JsonString.Write(json, "epoch"u8, f.Epoch);
                json.WriteBoolean("truncated"u8, f.Truncated);
                break;
            case JoinFrame f:
                JsonString.Write(json, "room"u8, f.Room);
                if (f.Since is { } joinSince) json.WriteNumber("since"u8, joinSince);
                WriteOptional(json, "epoch"u8, f.Epoch);
                break;
            case PartFrame f:
                JsonString.Write(json, "room"u8, f.Room);
                break;
            case RoomsFrame f:
                if (f.Rooms is { } list) WriteSummaries(json, list);
                break;
            case HistoryFrame f:
                JsonString.Write(json, "room"u8, f.Room);
                if (f.Before is { } before) json.WriteNumber("before"u8, before);
                if (f.Limit is { } limit) json.WriteNumber("limit"u8, limit);
                if (f.Events is { } events) WriteEvents(json, events);
                if (f.More is { } more) json.WriteBoolean("more"u8, more);
                break;
            case PasswordFrame f:
                WriteOptional(json, "password"u8, f.Password);
                WriteOptional(json, "newPassword"u8, f.NewPassword);
                if (f.Changed is { } changed) json.WriteBoolean("changed"u8, changed);
                break;
            case ModerationFrame f:
                WriteOptional(json, "room"u8, f.Room);
                WriteOptional(json, "user"u8, f.User);
                WriteOptional(json, "address"u8, f.Address);
                if (f.Duration is { } duration) json.WriteNumber("duration"u8, duration);
                WriteOptional(json, "reason"u8, f.Reason);
                break;
            case ModFrame f:
                WriteModFields(json, f);
                break;
            case PingFrame or PongFrame or ByeFrame:
                break;
            default:
                throw new ArgumentException($"No writer for frame type {frame.GetType().Name}.", nameof(frame));
        }
    }

    /// <summary>The fields of a room event, in the order of the contract's examples: room, id, ts, who, what.</summary>
    private static void WriteEventFields(Utf8JsonWriter json, Frame frame)
    {
        switch (frame)
        {
            case MessageFrame f:
                WriteOptional(json, "room"u8, f.Room);
                json.WriteNumber("id"u8, f.Id);
                WriteTimestamp(json, f.Ts);
                JsonString.Write(json, "from"u8, f.From);
                JsonString.Write(json, "text"u8, f.Text);
                if (f.Replay) json.WriteBoolean("replay"u8, true);
                break;
            case JoinedFrame f:
                WriteOptional(json, "room"u8, f.Room);
                json.WriteNumber("id"u8, f.Id);
                WriteTimestamp(json, f.Ts);
                JsonString.Write(json, "user"u8, f.User);
                if (f.Replay) json.WriteBoolean("replay"u8, true);
                break;
            case LeftFrame f:
                WriteOptional(json, "room"u8, f.Room);
                json.WriteNumber("id"u8, f.Id);
                WriteTimestamp(json, f.Ts);
                JsonString.Write(json, "user"u8, f.User);
                JsonString.Write(json, "reason"u8, f.Reason);
                WriteOptional(json, "by"u8, f.By);
                WriteOptional(json, "note"u8, f.Note);
                if (f.Replay) json.WriteBoolean("replay"u8, true);
                break;
            case TopicFrame { Id: null }:
                throw new ArgumentException("A topic without an id is the request to set one, not a room event.", nameof(frame));
            case TopicFrame f:
                JsonString.Write(json, "room"u8, f.Room);
                json.WriteNumber("id"u8, f.Id!.Value);
                if (f.Ts is { } ts) WriteTimestamp(json, ts);
                WriteOptional(json, "user"u8, f.User);
                JsonString.Write(json, "topic"u8, f.Topic);
                if (f.Replay) json.WriteBoolean("replay"u8, true);
                break;
            case ModFrame { Id: null }:
                throw new ArgumentException("A mod frame without an id is a confirmation, not a room event.", nameof(frame));
            case ModFrame f:
                WriteModFields(json, f);
                break;
            default:
                throw new ArgumentException($"{frame.GetType().Name} is not a room event.", nameof(frame));
        }
    }

    /// <summary>A moderation change: where and when, who did it, what, to whom, for how long, why.</summary>
    private static void WriteModFields(Utf8JsonWriter json, ModFrame f)
    {
        WriteOptional(json, "room"u8, f.Room);
        if (f.Id is { } id) json.WriteNumber("id"u8, id);
        if (f.Ts is { } ts) WriteTimestamp(json, ts);
        JsonString.Write(json, "by"u8, f.By);
        JsonString.Write(json, "action"u8, f.Action);
        WriteOptional(json, "user"u8, f.User);
        WriteOptional(json, "address"u8, f.Address);
        if (f.Duration is { } duration) json.WriteNumber("duration"u8, duration);
        WriteOptional(json, "reason"u8, f.Reason);
        if (f.Replay) json.WriteBoolean("replay"u8, true);
    }

    private static void WriteEvents(Utf8JsonWriter json, IReadOnlyList<Frame> events)
    {
        json.WriteStartArray("events"u8);
        for (var i = 0; i < events.Count; i++)
        {
            json.WriteStartObject();
            json.WriteString("type"u8, events[i].Type);
            WriteEventFields(json, events[i]);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteCursors(Utf8JsonWriter json, IReadOnlyDictionary<string, RoomCursor> rooms)
    {
        json.WriteStartObject("rooms"u8);
        foreach (var (room, cursor) in rooms)
        {
            json.WritePropertyName(room);
            json.WriteStartObject();
            if (cursor.Since is { } since) json.WriteNumber("since"u8, since);
            WriteOptional(json, "epoch"u8, cursor.Epoch);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteSummaries(Utf8JsonWriter json, IReadOnlyList<RoomSummary> rooms)
    {
        json.WriteStartArray("rooms"u8);
        for (var i = 0; i < rooms.Count; i++)
        {
            json.WriteStartObject();
            JsonString.Write(json, "room"u8, rooms[i].Room);
            WriteOptional(json, "topic"u8, rooms[i].Topic);
            json.WriteNumber("members"u8, rooms[i].Members);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteLimits(Utf8JsonWriter json, ServerLimits limits)
    {
        json.WriteStartObject("limits"u8);
        json.WriteNumber("maxText"u8, limits.MaxText);
        json.WriteNumber("maxFrame"u8, limits.MaxFrame);
        json.WriteNumber("pingIntervalMs"u8, limits.PingIntervalMs);
        json.WriteNumber("timeoutMs"u8, limits.TimeoutMs);
        if (limits.RateBurst > 0) json.WriteNumber("rateBurst"u8, limits.RateBurst);
        if (limits.RatePerSecond > 0) json.WriteNumber("ratePerSecond"u8, limits.RatePerSecond);
        json.WriteEndObject();
    }

    private static void WriteUsers(Utf8JsonWriter json, IReadOnlyList<string> users) => WriteNames(json, "users"u8, users);

    private static void WriteNames(Utf8JsonWriter json, ReadOnlySpan<byte> field, IReadOnlyList<string> names)
    {
        json.WriteStartArray(field);
        for (var i = 0; i < names.Count; i++)
        {
            JsonString.WriteValue(json, names[i]);
        }

        json.WriteEndArray();
    }

    private static void WriteOptional(Utf8JsonWriter json, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            JsonString.Write(json, name, value);
        }
    }

    /// <summary>Timestamps are UTC with milliseconds: <c>2026-11-25T20:00:00.123Z</c>.</summary>
    private static void WriteTimestamp(Utf8JsonWriter json, DateTimeOffset ts)
    {
        Span<byte> text = stackalloc byte[32];
        ts.UtcDateTime.TryFormat(text, out var written, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        json.WriteString("ts"u8, text[..written]);
    }
}
