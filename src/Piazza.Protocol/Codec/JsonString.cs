using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Piazza.Protocol;

/// <summary>
/// Writes JSON string values for the wire: only what JSON requires (quote, backslash, C0
/// controls) is escaped, plus DEL, C1 and the line/paragraph separators so a frame stays one
/// harmless line in a terminal; every other character, emoji included, goes out as raw UTF-8.
/// </summary>
/// <remarks>
/// The encoders of System.Text.Encodings.Web escape every character outside the Basic
/// Multilingual Plane as a surrogate pair, 12 bytes per emoji. A valid say of 2000 emoji would
/// then be about 24 KB and break the 16 KiB frame limit the server enforces.
/// </remarks>
internal static class JsonString
{
    private const int StackLimit = 512;

    public static void Write(Utf8JsonWriter json, ReadOnlySpan<byte> name, string value)
    {
        json.WritePropertyName(name);
        WriteValue(json, value);
    }

    public static void WriteValue(Utf8JsonWriter json, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        // Worst case: six bytes (\u00XX) per UTF-16 unit, plus the two quotes.
        var max = checked((value.Length * 6) + 2);
        byte[]? rented = null;
        var buffer = max <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var written = Escape(value, buffer);
            json.WriteRawValue(buffer[..written], skipInputValidation: true);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static int Escape(ReadOnlySpan<char> value, Span<byte> output)
    {
        var w = 0;
        output[w++] = (byte)'"';
        while (!value.IsEmpty)
        {
            // A lone surrogate is not a character and cannot be UTF-8: it becomes U+FFFD.
            _ = Rune.DecodeFromUtf16(value, out var rune, out var used);
            value = value[used..];
            w += EscapeRune(rune, output[w..]);
        }

        output[w++] = (byte)'"';
        return w;
    }

    private static int EscapeRune(Rune rune, Span<byte> output)
    {
        switch (rune.Value)
        {
            case '"': return Short(output, (byte)'"');
            case '\\': return Short(output, (byte)'\\');
            case '\n': return Short(output, (byte)'n');
            case '\r': return Short(output, (byte)'r');
            case '\t': return Short(output, (byte)'t');
            case '\b': return Short(output, (byte)'b');
            case '\f': return Short(output, (byte)'f');
            case < 0x20 or (>= 0x7F and <= 0x9F) or 0x2028 or 0x2029:
                return Unicode(output, rune.Value);
            default:
                return rune.EncodeToUtf8(output);
        }
    }

    private static int Short(Span<byte> output, byte letter)
    {
        output[0] = (byte)'\\';
        output[1] = letter;
        return 2;
    }

    private static int Unicode(Span<byte> output, int value)
    {
        const string Hex = "0123456789ABCDEF";
        output[0] = (byte)'\\';
        output[1] = (byte)'u';
        output[2] = (byte)Hex[(value >> 12) & 0xF];
        output[3] = (byte)Hex[(value >> 8) & 0xF];
        output[4] = (byte)Hex[(value >> 4) & 0xF];
        output[5] = (byte)Hex[value & 0xF];
        return 6;
    }
}
