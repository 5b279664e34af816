using System.Buffers;
using Piazza.Protocol.Tests.Support;

namespace Piazza.Protocol.Tests;

/// <summary>FrameDecoder.TryCutLine: the framing layer under Read.</summary>
public sealed class LineCuttingTests
{
    [Fact]
    public void A_line_is_cut_without_its_newline_and_the_buffer_moves_past_it()
    {
        var buffer = new ReadOnlySequence<byte>("abc\ndef"u8.ToArray());

        Assert.Equal(LineStatus.Line, FrameDecoder.TryCutLine(ref buffer, 100, out var line));

        Assert.Equal("abc"u8.ToArray(), line.ToArray());
        Assert.Equal("def"u8.ToArray(), buffer.ToArray());
    }

    [Fact]
    public void Without_a_newline_the_buffer_is_left_as_it_was()
    {
        var bytes = "abc"u8.ToArray();
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.Equal(LineStatus.NeedMoreData, FrameDecoder.TryCutLine(ref buffer, 100, out var line));

        Assert.True(line.IsEmpty);
        Assert.Equal(bytes, buffer.ToArray());
    }

    [Fact]
    public void An_empty_line_is_a_line()
    {
        var buffer = new ReadOnlySequence<byte>("\n\n"u8.ToArray());

        Assert.Equal(LineStatus.Line, FrameDecoder.TryCutLine(ref buffer, 100, out var line));
        Assert.True(line.IsEmpty);
        Assert.Equal(1, buffer.Length);
    }

    [Fact]
    public void An_empty_buffer_needs_more_data()
    {
        var buffer = ReadOnlySequence<byte>.Empty;

        Assert.Equal(LineStatus.NeedMoreData, FrameDecoder.TryCutLine(ref buffer, 100, out _));
        Assert.Equal(FrameReadStatus.NeedMoreData, FrameDecoder.Read(ref buffer, 100).Status);
    }

    [Fact]
    public void A_line_across_segments_is_cut_whole()
    {
        var buffer = BufferSegment.PerByte("hello\nworld"u8.ToArray());

        Assert.Equal(LineStatus.Line, FrameDecoder.TryCutLine(ref buffer, 100, out var line));

        Assert.Equal("hello"u8.ToArray(), line.ToArray());
        Assert.Equal("world"u8.ToArray(), buffer.ToArray());
    }

    [Fact]
    public void A_carriage_return_alone_does_not_end_a_line()
    {
        var buffer = new ReadOnlySequence<byte>("{\"type\":\"ping\"}\r"u8.ToArray());

        Assert.Equal(FrameReadStatus.NeedMoreData, FrameDecoder.Read(ref buffer, 100).Status);
        Assert.Equal(16, buffer.Length);
    }
}
