using System.Buffers;
using System.Text;

namespace Piazza.Server.Doors.Irc;

/// <summary>
/// IRC lines as bytes (modern.ircdocs.horse, "Message format"; IRCv3 message-tags): a pure parser
/// and writer, no I/O. The parser takes one line without its LF; the writer makes one line with
/// CR LF, never longer than the limits, whatever the caller hands it.
/// </summary>
internal static class IrcLine
{
    /// <summary>The longest message after the tags, CR LF included (RFC 1459).</summary>
    public const int MaxBodyBytes = 512;

    /// <summary>The longest tags a client may send, the <c>@</c> and the space included (message-tags).</summary>
    public const int MaxClientTagBytes = 4096;

    /// <summary>The longest tags a server may send, the <c>@</c> and the space included.</summary>
    public const int MaxServerTagBytes = 8191;

    /// <summary>The longest line the door reads: client tags plus a body.</summary>
    public const int MaxLineBytes = MaxClientTagBytes + MaxBodyBytes;

    /// <summary>At most this many parameters are kept (RFC 1459 allows 15).</summary>
    public const int MaxParams = 15;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Parses one line (its LF removed; a CR before it is ignored).</summary>
    public static IrcLineStatus Parse(ReadOnlySequence<byte> line, out IrcMessage? message)
    {
        if (line.Length > MaxLineBytes)
        {
            message = null;
            return IrcLineStatus.TooLong;
        }

        Span<byte> buffer = stackalloc byte[(int)line.Length];
        line.CopyTo(buffer);
        return Parse(buffer, out message);
    }

    /// <summary>Parses one line (its LF removed; a CR before it is ignored).</summary>
    public static IrcLineStatus Parse(ReadOnlySpan<byte> bytes, out IrcMessage? message)
    {
        message = null;
        if (bytes.Length > 0 && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        if (bytes.IndexOf((byte)0) >= 0 || bytes.IndexOf((byte)'\r') >= 0)
        {
            return IrcLineStatus.Malformed;
        }

        var tagBytes = 0;
        if (bytes.Length > 0 && bytes[0] == (byte)'@')
        {
            var space = bytes.IndexOf((byte)' ');
            tagBytes = space < 0 ? bytes.Length : space + 1;
            if (tagBytes > MaxClientTagBytes)
            {
                return IrcLineStatus.TagsTooLong;
            }
        }

        if (bytes.Length - tagBytes + 2 > MaxBodyBytes)
        {
            return IrcLineStatus.TooLong;
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return IrcLineStatus.InvalidUtf8;
        }

        return Parse(text, out message);
    }

    /// <summary>Parses one line of text (no CR or LF).</summary>
    public static IrcLineStatus Parse(string text, out IrcMessage? message)
    {
        message = null;
        var rest = text.AsSpan().TrimStart(' ');
        if (rest.IsEmpty)
        {
            return IrcLineStatus.Empty;
        }

        var tags = new List<KeyValuePair<string, string>>();
        if (rest[0] == '@')
        {
            var end = rest.IndexOf(' ');
            var tagText = end < 0 ? rest[1..] : rest[1..end];
            rest = end < 0 ? [] : rest[(end + 1)..].TrimStart(' ');
            foreach (var range in tagText.Split(';'))
            {
                var tag = tagText[range];
                if (tag.IsEmpty)
                {
                    continue;
                }

                var equals = tag.IndexOf('=');
                var key = (equals < 0 ? tag : tag[..equals]).ToString();
                var value = equals < 0 ? "" : Unescape(tag[(equals + 1)..]);
                // A key given twice: the last one counts (message-tags).
                tags.RemoveAll(t => t.Key == key);
                tags.Add(new(key, value));
            }
        }

        string? source = null;
        if (!rest.IsEmpty && rest[0] == ':')
        {
            var end = rest.IndexOf(' ');
            source = (end < 0 ? rest[1..] : rest[1..end]).ToString();
            rest = end < 0 ? [] : rest[(end + 1)..].TrimStart(' ');
        }

        var commandEnd = rest.IndexOf(' ');
        var command = (commandEnd < 0 ? rest : rest[..commandEnd]).ToString().ToUpperInvariant();
        if (command.Length == 0)
        {
            return IrcLineStatus.Malformed;
        }

        rest = commandEnd < 0 ? [] : rest[(commandEnd + 1)..];
        var parameters = new List<string>();
        while (true)
        {
            rest = rest.TrimStart(' ');
            if (rest.IsEmpty)
            {
                break;
            }

            if (rest[0] == ':' || parameters.Count == MaxParams - 1)
            {
                parameters.Add((rest[0] == ':' ? rest[1..] : rest).ToString());
                break;
            }

            var end = rest.IndexOf(' ');
            parameters.Add((end < 0 ? rest : rest[..end]).ToString());
            rest = end < 0 ? [] : rest[end..];
        }

        message = new IrcMessage(tags, source, command, parameters);
        return IrcLineStatus.Message;
    }

    /// <summary>
    /// One line: <c>@tags :source COMMAND params... :last</c> and CR LF. The last parameter is
    /// written as trailing when it needs it (empty, a space, a leading colon). A body over 512
    /// bytes is cut at a character boundary, tags over 8191 bytes are left out.
    /// </summary>
    public static byte[] Write(string? tags, string? source, string command, params ReadOnlySpan<string> parameters)
    {
        var body = new StringBuilder(64);
        if (source is not null)
        {
            body.Append(':').Append(source).Append(' ');
        }

        body.Append(command);
        for (var i = 0; i < parameters.Length; i++)
        {
            var value = Clean(parameters[i]);
            body.Append(' ');
            if (i == parameters.Length - 1 && (value.Length == 0 || value.Contains(' ') || value[0] == ':'))
            {
                body.Append(':');
            }

            body.Append(value);
        }

        var bodyText = body.ToString();
        var bodyBytes = Encoding.UTF8.GetByteCount(bodyText);
        var tagBytes = tags is null ? 0 : Encoding.UTF8.GetByteCount(tags) + 2;
        if (tagBytes > MaxServerTagBytes)
        {
            tagBytes = 0;
            tags = null;
        }

        var room = MaxBodyBytes - 2;
        var bodyLength = Math.Min(bodyBytes, room);
        var result = new byte[tagBytes + bodyLength + 2];
        var at = 0;
        if (tags is not null)
        {
            result[at++] = (byte)'@';
            at += Encoding.UTF8.GetBytes(tags, result.AsSpan(at));
            result[at++] = (byte)' ';
        }

        if (bodyBytes <= room)
        {
            at += Encoding.UTF8.GetBytes(bodyText, result.AsSpan(at));
        }
        else
        {
            at += CutUtf8(bodyText, result.AsSpan(at, room));
        }

        result[at++] = (byte)'\r';
        result[at++] = (byte)'\n';
        return at == result.Length ? result : result[..at];
    }

    /// <summary>A tag value escaped (message-tags: <c>\:</c> for <c>;</c>, <c>\s</c> for space, ...).</summary>
    public static string Escape(string value)
    {
        if (value.AsSpan().IndexOfAny(";\\ \r\n") < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                ';' => "\\:",
                ' ' => "\\s",
                '\\' => "\\\\",
                '\r' => "\\r",
                '\n' => "\\n",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    /// <summary>A tag value unescaped; an unknown escape is the character itself, a lone trailing backslash is dropped.</summary>
    public static string Unescape(ReadOnlySpan<char> value)
    {
        if (value.IndexOf('\\') < 0)
        {
            return value.ToString();
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\')
            {
                builder.Append(value[i]);
                continue;
            }

            if (++i == value.Length)
            {
                break;
            }

            builder.Append(value[i] switch
            {
                ':' => ';',
                's' => ' ',
                'r' => '\r',
                'n' => '\n',
                var other => other,
            });
        }

        return builder.ToString();
    }

    /// <summary>A parameter with CR, LF and NUL replaced by spaces: a value never ends a line early.</summary>
    private static string Clean(string value) =>
        value.AsSpan().IndexOfAny('\r', '\n', '\0') < 0
            ? value
            : value.Replace('\r', ' ').Replace('\n', ' ').Replace('\0', ' ');

    /// <summary>Writes as much of <paramref name="text"/> as fits, whole characters only; returns the bytes written.</summary>
    private static int CutUtf8(string text, Span<byte> target)
    {
        var written = 0;
        Span<byte> one = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            var length = rune.EncodeToUtf8(one);
            if (written + length > target.Length)
            {
                break;
            }

            one[..length].CopyTo(target[written..]);
            written += length;
        }

        return written;
    }
}
