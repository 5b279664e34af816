using System.Text;

namespace Piazza.Server.Tests;

/// <summary>
/// Frames written by hand, byte for byte, for what <see cref="FrameWriter"/> would never produce:
/// unescaped non-ASCII text, unknown fields, exact sizes, broken JSON.
/// </summary>
internal static class RawLines
{
    public static byte[] Bytes(string line) => Encoding.UTF8.GetBytes(line + "\n");

    /// <summary>A say whose text goes on the wire as raw UTF-8 (the text must need no JSON escaping).</summary>
    public static byte[] Say(string text, string? reference = null) =>
        Bytes(reference is null
            ? $$"""{"type":"say","text":"{{text}}"}"""
            : $$"""{"type":"say","text":"{{text}}","ref":"{{reference}}"}""");

    /// <summary>A valid say padded with an unknown field to exactly <paramref name="totalBytes"/> bytes, newline included.</summary>
    public static byte[] PaddedSay(string text, string reference, int totalBytes)
    {
        var head = "{\"type\":\"say\",\"text\":\"" + text + "\",\"ref\":\"" + reference + "\",\"pad\":\"";
        var tail = "\"}";
        var pad = totalBytes - Encoding.UTF8.GetByteCount(head) - tail.Length - 1;
        var line = Bytes(head + new string('p', pad) + tail);
        Assert.Equal(totalBytes, line.Length);
        return line;
    }
}
