using System.Buffers;
using System.Text;
using Piazza.Protocol.Tests.Support;

namespace Piazza.Protocol.Tests;

/// <summary>How the writer escapes text: what JSON needs, control characters, nothing else.</summary>
public sealed class WriterEscapingTests
{
    [Fact]
    public void Quotes_backslashes_and_common_controls_use_short_escapes()
    {
        Assert.Equal("""{"type":"say","text":"\"\\/\n\r\t\b\f"}""" + "\n", Wire.Write(new SayFrame("\"\\/\n\r\t\b\f")));
    }

    [Theory]
    [InlineData('\u0000', "\\u0000")]
    [InlineData('\u0001', "\\u0001")]
    [InlineData('\u001B', "\\u001B")]
    [InlineData('\u001F', "\\u001F")]
    [InlineData('\u007F', "\\u007F")]
    [InlineData('\u0085', "\\u0085")]
    [InlineData('\u009B', "\\u009B")]
    [InlineData('\u2028', "\\u2028")]
    [InlineData('\u2029', "\\u2029")]
    public void Other_control_characters_use_unicode_escapes(char c, string escaped)
    {
        Assert.Equal($$"""{"type":"say","text":"a{{escaped}}b"}""" + "\n", Wire.Write(new SayFrame($"a{c}b")));
    }

    [Theory]
    [InlineData("é")]
    [InlineData("中文")]
    [InlineData("😀")]
    [InlineData("👩‍👩‍👧‍👦")]
    [InlineData("\U0010FFFD")]
    [InlineData("<>&'+`")]
    [InlineData("\u00A0\u00AD\u200B\uFEFF")]
    public void Everything_else_is_raw_utf8(string text)
    {
        Assert.Equal($$"""{"type":"say","text":"{{text}}"}""" + "\n", Wire.Write(new SayFrame(text)));
    }

    [Fact]
    public void Every_text_field_is_escaped_the_same_way()
    {
        const string Odd = "\"😀\n";
        const string Escaped = "\\\"😀\\n";

        var line = Wire.Write(new WelcomeFrame(Odd, [Odd, Odd], Odd, 1, ServerLimits.Default, Odd));

        Assert.Equal(5, CountOf(line, Escaped));
        Assert.Equal(3, CountOf(Wire.Write(new ErrorFrame(Odd, Odd, Odd, "x")), Escaped));
        Assert.Equal(4, CountOf(Wire.Write(new HelloFrame(Odd, 1, Odd, 2, Odd)), Escaped) + CountOf(Wire.Write(new SayFrame("x", Odd)), Escaped));
        Assert.Equal(2, CountOf(Wire.Write(new LeftFrame(1, SampleFrames.Ts, Odd, Odd)), Escaped));
    }

    [Fact]
    public void Every_version_2_text_field_is_escaped_the_same_way()
    {
        const string Odd = "\"😀\n";
        const string Escaped = "\\\"😀\\n";
        var ts = SampleFrames.Ts;

        Assert.Equal(5, CountOf(Wire.Write(new RoomFrame(Odd, Odd, [Odd, Odd], 1, Odd, false)), Escaped));
        Assert.Equal(2, CountOf(Wire.Write(new TopicFrame(Odd, Odd)), Escaped));
        Assert.Equal(3, CountOf(Wire.Write(new TopicFrame(Odd, Odd, 1, ts, Odd)), Escaped));
        Assert.Equal(3, CountOf(Wire.Write(new JoinFrame(Odd, 1, Odd)) + Wire.Write(new PartFrame(Odd)), Escaped));
        Assert.Equal(4, CountOf(Wire.Write(new RoomsFrame([new RoomSummary(Odd, Odd, 1), new RoomSummary(Odd, Odd, 2)])), Escaped));
        Assert.Equal(3, CountOf(Wire.Write(new HelloFrame("a", Session: Odd, Password: Odd, Client: Odd)), Escaped));
        Assert.Equal(4, CountOf(Wire.Write(new LeftFrame(1, ts, Odd, Odd, Odd, By: Odd)), Escaped));
        Assert.Equal(3, CountOf(Wire.Write(new SayFrame(Odd, Odd, Odd)), Escaped));
        Assert.Equal(5, CountOf(Wire.Write(new MessageFrame(1, ts, Odd, Odd, Room: Odd)) + Wire.Write(new AckFrame(Odd, 1, ts, Odd)), Escaped));
        Assert.Equal(3, CountOf(Wire.Write(new UsersFrame([Odd, Odd], Odd)), Escaped));
        Assert.Equal(5, CountOf(Wire.Write(new HistoryFrame(Odd, Events: [new MessageFrame(1, ts, Odd, Odd, Room: Odd), new JoinedFrame(2, ts, Odd)])), Escaped));
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("\\")]
    [InlineData("\n")]
    [InlineData("\u0000")]
    [InlineData("\u2028")]
    [InlineData("\u202E")]
    [InlineData("😀")]
    [InlineData("é")]
    [InlineData("\uD800")]
    public void A_cursor_s_room_of_any_characters_stays_on_one_line_and_reads_back(string odd)
    {
        var room = "#a" + odd + "b";
        var hello = new HelloFrame("a", Rooms: SampleFrames.Cursors((room, new RoomCursor(1, odd))));

        var bytes = FrameWriter.ToBytes(hello);

        Assert.Equal(bytes.Length - 1, Array.IndexOf(bytes, (byte)'\n'));
        Assert.True(System.Text.Unicode.Utf8.IsValid(bytes));
        var read = (HelloFrame)Wire.Decode(Wire.Text(bytes));
        var (key, cursor) = Assert.Single(read.Rooms!);
        // A lone surrogate is not a character: like every string the writer sends, it goes out as U+FFFD.
        Assert.Equal(room.Replace("\uD800", "\uFFFD", StringComparison.Ordinal), key);
        Assert.Equal(1, cursor.Since);
    }

    [Fact]
    public void A_say_of_2000_emoji_fits_in_a_client_frame()
    {
        var text = string.Concat(Enumerable.Repeat("😀", ProtocolLimits.MaxTextScalars));
        var reference = new string('\u0001', ProtocolLimits.MaxRefLength);
        Assert.True(MessageTextRules.Validate(text).IsValid);

        var bytes = FrameWriter.ToBytes(new SayFrame(text, reference));

        Assert.True(bytes.Length <= ProtocolLimits.MaxClientFrameBytes, $"{bytes.Length} bytes");
        Assert.Equal(new SayFrame(text, reference), Wire.ReadLine(bytes).Frame);
    }

    [Fact]
    public void A_say_of_2000_quotes_fits_in_a_client_frame()
    {
        var bytes = FrameWriter.ToBytes(new SayFrame(new string('"', ProtocolLimits.MaxTextScalars), new string('"', 64)));

        Assert.True(bytes.Length <= ProtocolLimits.MaxClientFrameBytes, $"{bytes.Length} bytes");
    }

    [Fact]
    public void A_lone_surrogate_cannot_be_sent_and_becomes_the_replacement_character()
    {
        Assert.Equal("""{"type":"say","text":"a�b�"}""" + "\n", Wire.Write(new SayFrame("a\uD800b\uDC00")));
    }

    [Fact]
    public void A_null_where_a_string_is_required_is_a_programming_error()
    {
        Assert.Throws<ArgumentNullException>(() => FrameWriter.ToBytes(new SayFrame(null!)));
        Assert.Throws<ArgumentNullException>(() => FrameWriter.ToBytes(new UsersFrame(["a", null!])));
    }

    [Fact]
    public void Arguments_are_checked()
    {
        Assert.Throws<ArgumentNullException>(() => FrameWriter.Write(null!, PingFrame.Instance));
        Assert.Throws<ArgumentNullException>(() => FrameWriter.Write(new ArrayBufferWriter<byte>(), null!));
        Assert.Throws<ArgumentException>(() => FrameWriter.ToBytes(new MadeUpFrame()));
    }

    [Fact]
    public void Frames_written_to_one_buffer_follow_each_other()
    {
        var output = new ArrayBufferWriter<byte>();

        FrameWriter.Write(output, PingFrame.Instance);
        FrameWriter.Write(output, new SayFrame("x"));

        Assert.Equal("{\"type\":\"ping\"}\n{\"type\":\"say\",\"text\":\"x\"}\n", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void A_failed_write_leaves_the_output_untouched_and_the_writer_usable()
    {
        var output = new ArrayBufferWriter<byte>();

        Assert.Throws<ArgumentNullException>(() => FrameWriter.Write(output, new SayFrame(null!)));

        Assert.Equal(0, output.WrittenCount);
        FrameWriter.Write(output, PingFrame.Instance);
        Assert.Equal("{\"type\":\"ping\"}\n", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Writing_from_many_threads_at_once_gives_the_same_bytes()
    {
        var frames = SampleFrames.ByName.Values.ToArray();
        var expected = frames.Select(FrameWriter.ToBytes).ToArray();

        Parallel.For(0, 2_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var k = i % frames.Length;
            Assert.Equal(expected[k], FrameWriter.ToBytes(frames[k]));
        });
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private sealed record MadeUpFrame : Frame
    {
        public override string Type => "made_up";
    }
}
