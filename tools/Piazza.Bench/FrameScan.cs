using System.Buffers.Text;

namespace Piazza.Bench;

/// <summary>
/// Reads the few fields the bench needs straight from a server frame's bytes. The server writes
/// <c>type</c> first and strings without escapes for the bench's own texts, so a scan finds them;
/// anything this cannot read is handed to the protocol's full parser instead (see <see cref="BenchClient"/>).
/// </summary>
internal static class FrameScan
{
    private static ReadOnlySpan<byte> TypePrefix => "{\"type\":\""u8;

    /// <summary>The value of a leading <c>"type"</c> field, or empty when the frame does not start with one.</summary>
    public static ReadOnlySpan<byte> LeadingType(ReadOnlySpan<byte> frame)
    {
        if (!frame.StartsWith(TypePrefix))
        {
            return default;
        }

        var rest = frame[TypePrefix.Length..];
        var end = rest.IndexOf((byte)'"');
        return end < 0 ? default : rest[..end];
    }

    /// <summary>The integer value of <paramref name="field"/> (given as <c>"name":</c>), if present.</summary>
    public static bool TryGetInt64(ReadOnlySpan<byte> frame, ReadOnlySpan<byte> field, out long value)
    {
        value = 0;
        var at = frame.IndexOf(field);
        return at >= 0 && Utf8Parser.TryParse(frame[(at + field.Length)..], out value, out _);
    }

    /// <summary>
    /// The raw bytes of a string field (given as <c>"name":"</c>) up to the next quote. Only for
    /// values known to hold no escapes (the bench's own texts, usernames, codes).
    /// </summary>
    public static ReadOnlySpan<byte> RawString(ReadOnlySpan<byte> frame, ReadOnlySpan<byte> field)
    {
        var at = frame.IndexOf(field);
        if (at < 0)
        {
            return default;
        }

        var rest = frame[(at + field.Length)..];
        var end = rest.IndexOf((byte)'"');
        return end < 0 ? default : rest[..end];
    }
}
