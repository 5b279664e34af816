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
                break;
            case SayFrame f:
                JsonString.Write(json, "text"u8, f.Text);
                WriteOptional(json, "ref"u8, f.Ref);
                break;
            case MessageFrame f:
                json.WriteNumber("id"u8, f.Id);
                WriteTimestamp(json, f.Ts);
                JsonString.Write(json, "from"u8, f.From);
                JsonString.Write(json, "text"u8, f.Text);
                if (f.Replay) json.WriteBoolean("replay"u8, true);
                break;
            case AckFrame f:
                WriteOptional(json, "ref"u8, f.Ref);
                json.WriteNumber("id"u8, f.Id);
                WriteTimestamp(json, f.Ts);
                break;
            case JoinedFrame f:
                json.WriteNumber("id"u8, f.Id);
                WriteTimestamp(json, f.Ts);
                JsonString.Write(json, "user"u8, f.User);
                break;
            case LeftFrame f:
                json.WriteNumber("id"u8, f.Id);
                WriteTimestamp(json, f.Ts);
                JsonString.Write(json, "user"u8, f.User);
                JsonString.Write(json, "reason"u8, f.Reason);
                break;
            case WelcomeFrame f:
                JsonString.Write(json, "user"u8, f.User);
                WriteUsers(json, f.Users);
                JsonString.Write(json, "session"u8, f.Session);
                json.WriteNumber("lastId"u8, f.LastId);
                json.WriteStartObject("limits"u8);
                json.WriteNumber("maxText"u8, f.Limits.MaxText);
                json.WriteNumber("maxFrame"u8, f.Limits.MaxFrame);
                json.WriteNumber("pingIntervalMs"u8, f.Limits.PingIntervalMs);
                json.WriteNumber("timeoutMs"u8, f.Limits.TimeoutMs);
                json.WriteEndObject();
                JsonString.Write(json, "server"u8, f.Server);
                break;
            case ErrorFrame f:
                JsonString.Write(json, "code"u8, f.Code);
                JsonString.Write(json, "message"u8, f.Message);
                WriteOptional(json, "ref"u8, f.Ref);
                WriteOptional(json, "suggestion"u8, f.Suggestion);
                break;
            case ShutdownFrame f:
                JsonString.Write(json, "message"u8, f.Message);
                break;
            case UsersFrame f:
                WriteUsers(json, f.Users);
                break;
            case PingFrame or PongFrame or ByeFrame or WhoFrame:
                break;
            default:
                throw new ArgumentException($"No writer for frame type {frame.GetType().Name}.", nameof(frame));
        }
    }

    private static void WriteUsers(Utf8JsonWriter json, IReadOnlyList<string> users)
    {
        json.WriteStartArray("users"u8);
        for (var i = 0; i < users.Count; i++)
        {
            JsonString.WriteValue(json, users[i]);
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
