using Piazza.Protocol.Tests.Support;

namespace Piazza.Protocol.Tests;

/// <summary>A line that is not valid UTF-8 is bad_frame, whatever the flaw.</summary>
public sealed class InvalidUtf8Tests
{
    public static TheoryData<string, byte[]> Flaws => new()
    {
        { "2-byte lead at the end of the text", [0xC3] },
        { "3-byte sequence missing its last byte", [0xE2, 0x82] },
        { "4-byte sequence missing its last byte", [0xF0, 0x9F, 0x98] },
        { "4-byte lead alone", [0xF0] },
        { "lone continuation byte", [0x80] },
        { "continuation bytes only", [0xBF, 0xBF] },
        { "lead followed by ASCII", [0xC3, (byte)'a'] },
        { "overlong slash C0 AF", [0xC0, 0xAF] },
        { "overlong C1 BF", [0xC1, 0xBF] },
        { "overlong 3-byte slash E0 80 AF", [0xE0, 0x80, 0xAF] },
        { "overlong 4-byte slash F0 80 80 AF", [0xF0, 0x80, 0x80, 0xAF] },
        { "overlong NUL C0 80", [0xC0, 0x80] },
        { "high surrogate ED A0 80", [0xED, 0xA0, 0x80] },
        { "low surrogate ED BF BF", [0xED, 0xBF, 0xBF] },
        { "surrogate pair encoded as two 3-byte sequences", [0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80] },
        { "beyond U+10FFFF F4 90 80 80", [0xF4, 0x90, 0x80, 0x80] },
        { "F5", [0xF5, 0x80, 0x80, 0x80] },
        { "F6", [0xF6] },
        { "F7", [0xF7] },
        { "F8", [0xF8, 0x88, 0x80, 0x80, 0x80] },
        { "F9", [0xF9] },
        { "FA", [0xFA] },
        { "FB", [0xFB] },
        { "FC", [0xFC, 0x84, 0x80, 0x80, 0x80, 0x80] },
        { "FD", [0xFD] },
        { "FE", [0xFE] },
        { "FF", [0xFF] },
    };

    [Theory]
    [MemberData(nameof(Flaws))]
    public void A_flaw_inside_a_string_is_bad_frame(string flaw, byte[] bytes)
    {
        _ = flaw;
        var line = Wire.Bytes("{\"type\":\"say\",\"text\":\"a").Concat(bytes).Concat(Wire.Bytes("b\"}")).ToArray();

        var error = Wire.Refused(line);

        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Flaws))]
    public void A_flaw_in_an_ignored_field_is_bad_frame_too(string flaw, byte[] bytes)
    {
        _ = flaw;
        var line = Wire.Bytes("{\"type\":\"ping\",\"x\":\"").Concat(bytes).Concat(Wire.Bytes("\"}")).ToArray();

        Wire.Refused(line);
    }

    [Theory]
    [MemberData(nameof(Flaws))]
    public void A_flaw_cut_across_chunks_is_bad_frame_and_the_stream_goes_on(string flaw, byte[] bytes)
    {
        _ = flaw;
        var stream = Wire.Bytes("{\"type\":\"say\",\"text\":\"").Concat(bytes).Concat(Wire.Bytes("\"}\n{\"type\":\"ping\"}\n")).ToArray();
        var reader = new FrameStreamReader();

        reader.FeedByteByByte(stream);

        Assert.Equal([FrameReadStatus.Invalid, FrameReadStatus.Frame], reader.Results.Select(r => r.Status));
        Assert.Equal(ErrorCodes.BadFrame, reader.Results[0].Error!.Code);
    }

    [Fact]
    public void Valid_characters_of_every_length_are_accepted()
    {
        // The boundaries of each UTF-8 length: U+007F... U+0080, U+07FF, U+0800, U+FFFF, U+10000, U+10FFFF.
        const string text = "\u0080\u07FF\u0800\uD7FF\uE000\uFFFD\U00010000\U0010FFFF";

        Assert.Equal(new SayFrame(text), Wire.Decode("{\"type\":\"say\",\"text\":\"" + text + "\"}"));
    }
}
