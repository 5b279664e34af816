using System.Buffers;
using Piazza.Protocol.Tests.Support;

namespace Piazza.Protocol.Tests;

/// <summary>
/// A client frame is at most 16 KiB including its newline; longer input is refused as soon as it
/// is known to be too long, without buffering or even looking past the limit.
/// </summary>
public sealed class OversizeTests
{
    private const int Max = ProtocolLimits.MaxClientFrameBytes;

    /// <summary>A say of exactly <paramref name="total"/> bytes, newline (and optional \r) included.</summary>
    private static byte[] SayOfLength(int total, bool crlf = false)
    {
        var head = Wire.Bytes("""{"type":"say","text":""" + "\"");
        var tail = Wire.Bytes("\"}" + (crlf ? "\r\n" : "\n"));
        var line = new byte[total];
        head.CopyTo(line, 0);
        line.AsSpan(head.Length, total - head.Length - tail.Length).Fill((byte)'a');
        tail.CopyTo(line, total - tail.Length);
        return line;
    }

    [Fact]
    public void The_limit_is_16_KiB()
    {
        Assert.Equal(16_384, Max);
    }

    [Fact]
    public void A_line_of_exactly_the_limit_including_the_newline_is_accepted()
    {
        var line = SayOfLength(Max);

        var result = Wire.ReadLine(line, Max);

        Assert.Equal(FrameReadStatus.Frame, result.Status);
        Assert.Equal(Max - 25, ((SayFrame)result.Frame!).Text.Length);
    }

    [Fact]
    public void A_crlf_line_of_exactly_the_limit_is_accepted()
    {
        Assert.Equal(FrameReadStatus.Frame, Wire.ReadLine(SayOfLength(Max, crlf: true), Max).Status);
    }

    [Fact]
    public void A_line_one_byte_over_the_limit_is_too_large_and_nothing_is_consumed()
    {
        var buffer = new ReadOnlySequence<byte>(SayOfLength(Max + 1));

        var result = FrameDecoder.Read(ref buffer, Max);

        Assert.Equal(FrameReadStatus.TooLarge, result.Status);
        Assert.Equal(ErrorCodes.FrameTooLarge, result.Error!.Code);
        Assert.Contains("16384", result.Error.Message, StringComparison.Ordinal);
        Assert.Null(result.Frame);
        Assert.Equal(Max + 1, buffer.Length);
    }

    [Theory]
    [MemberData(nameof(ChunkingTests.Shapes), MemberType = typeof(ChunkingTests))]
    public void Fed_one_byte_at_a_time_the_limit_line_is_accepted(BufferShape shape)
    {
        // Segmented one-byte feeding of 16 KiB re-scans thousands of segments per call; a smaller
        // limit exercises the same boundary there.
        var max = shape == BufferShape.Segmented ? 512 : Max;
        var reader = new FrameStreamReader(max, shape);

        reader.FeedByteByByte(SayOfLength(max));

        Assert.Single(reader.Frames);
        Assert.False(reader.Stopped);
    }

    [Theory]
    [MemberData(nameof(ChunkingTests.Shapes), MemberType = typeof(ChunkingTests))]
    public void Too_large_is_reported_at_the_byte_that_reaches_the_limit_without_a_newline(BufferShape shape)
    {
        var max = shape == BufferShape.Segmented ? 512 : Max;
        var reader = new FrameStreamReader(max, shape);
        var line = SayOfLength(max + 1);

        reader.Feed(line.AsSpan(0, max - 1));
        Assert.Empty(reader.Results);
        Assert.Equal(max - 1, reader.Buffered);

        // The next byte is not the newline: the frame can no longer fit, so it is refused now,
        // not when the newline (one byte later) arrives.
        reader.Feed(line.AsSpan(max - 1, 1));
        Assert.True(reader.Stopped);
        Assert.Equal(FrameReadStatus.TooLarge, Assert.Single(reader.Results).Status);
        Assert.Equal(max, reader.Buffered);
    }

    [Fact]
    public void Fed_one_byte_at_a_time_an_endless_line_is_refused_with_never_more_than_the_limit_buffered()
    {
        var reader = new FrameStreamReader(Max, BufferShape.Contiguous);
        var endless = new byte[Max * 2];
        endless.AsSpan().Fill((byte)'x');

        reader.FeedByteByByte(endless);

        Assert.True(reader.Stopped);
        Assert.Equal(Max, reader.Buffered);
        Assert.Equal(Max, reader.MaxBufferedAfterRead);
        Assert.Equal(Max, reader.ReadCalls);
    }

    [Fact]
    public void Frames_before_a_long_line_are_decoded_before_too_large()
    {
        var stream = Wire.Stream([PingFrame.Instance, new SayFrame("hi")]).Concat(SayOfLength(Max + 1)).ToArray();
        var reader = new FrameStreamReader(Max, BufferShape.Contiguous);

        reader.Feed(stream);

        Assert.Equal(
            [FrameReadStatus.Frame, FrameReadStatus.Frame, FrameReadStatus.TooLarge],
            reader.Results.Select(r => r.Status));
    }

    [Fact]
    public void A_blank_line_longer_than_the_limit_is_too_large_too()
    {
        // Blank lines are ignored, but only once their end is seen: the buffer bound comes first.
        var buffer = new ReadOnlySequence<byte>(Enumerable.Repeat((byte)' ', Max).Append((byte)'\n').ToArray());

        Assert.Equal(FrameReadStatus.TooLarge, FrameDecoder.Read(ref buffer, Max).Status);
    }

    [Fact]
    public void Invalid_json_at_exactly_the_limit_is_bad_frame_not_too_large()
    {
        var line = SayOfLength(Max);
        line[0] = (byte)'[';

        var result = Wire.ReadLine(line, Max);

        Assert.Equal(FrameReadStatus.Invalid, result.Status);
        Assert.Equal(ErrorCodes.BadFrame, result.Error!.Code);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(64)]
    public void The_limit_is_whatever_the_caller_passes(int max)
    {
        var fits = new byte[max];
        fits.AsSpan().Fill((byte)' ');
        fits[^1] = (byte)'\n';
        var buffer = new ReadOnlySequence<byte>(fits);
        Assert.Equal(LineStatus.Line, FrameDecoder.TryCutLine(ref buffer, max, out var line));
        Assert.Equal(max - 1, line.Length);

        var over = new byte[max + 1];
        over[^1] = (byte)'\n';
        buffer = new ReadOnlySequence<byte>(over);
        Assert.Equal(LineStatus.TooLarge, FrameDecoder.TryCutLine(ref buffer, max, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_limit_below_one_byte_is_a_programming_error(int max)
    {
        var buffer = new ReadOnlySequence<byte>("{}\n"u8.ToArray());

        Assert.Throws<ArgumentOutOfRangeException>(() => FrameDecoder.Read(ref buffer, max));
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameDecoder.TryCutLine(ref buffer, max, out _));
    }

    [Fact]
    public void TryCutLine_never_looks_at_bytes_past_the_limit()
    {
        // The byte just past the limit is a newline: finding it would accept a frame one byte too
        // long. The segment after it is a tripwire.
        var first = new byte[Max + 1];
        first.AsSpan().Fill((byte)'x');
        first[Max] = (byte)'\n';
        var beyond = new TripwireMemory("{\"type\":\"ping\"}\n"u8.ToArray());
        var segment = new BufferSegment(first);
        var last = segment.Append(new BufferSegment(beyond.Memory));
        var buffer = new ReadOnlySequence<byte>(segment, 0, last, last.Memory.Length);

        Assert.Equal(LineStatus.TooLarge, FrameDecoder.TryCutLine(ref buffer, Max, out _));
        Assert.Equal(FrameReadStatus.TooLarge, FrameDecoder.Read(ref buffer, Max).Status);

        Assert.False(beyond.Touched, "The decoder read bytes past the frame limit.");
        Assert.Equal(Max + 17, buffer.Length);
    }

    [Fact]
    public void A_newline_starting_the_segment_just_past_the_limit_is_not_found()
    {
        var withinLimit = new byte[Max];
        withinLimit.AsSpan().Fill((byte)'x');
        var buffer = BufferSegment.Chain([withinLimit, "\n"u8.ToArray()]);

        Assert.Equal(LineStatus.TooLarge, FrameDecoder.TryCutLine(ref buffer, Max, out _));
        Assert.Equal(Max + 1, buffer.Length);
    }

    [Fact]
    public void TryCutLine_cuts_a_line_at_the_limit_without_looking_further()
    {
        var withinLimit = new byte[Max];
        withinLimit.AsSpan().Fill((byte)'x');
        withinLimit[^1] = (byte)'\n';
        var beyond = new TripwireMemory(new byte[100]);
        var first = new BufferSegment(withinLimit);
        var last = first.Append(new BufferSegment(beyond.Memory));
        var buffer = new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);

        Assert.Equal(LineStatus.Line, FrameDecoder.TryCutLine(ref buffer, Max, out var line));

        Assert.Equal(Max - 1, line.Length);
        Assert.Equal(100, buffer.Length);
        Assert.False(beyond.Touched, "The decoder read bytes past the frame limit.");
    }

    [Fact]
    public void The_costliest_valid_say_with_the_longest_room_and_ref_fits_in_a_client_frame()
    {
        // U+2028 is allowed in a text and written as a six-byte escape: the worst case per scalar
        // (one other character keeps the text from being only white space).
        var text = "x" + new string('\u2028', ProtocolLimits.MaxTextScalars - 1);
        var reference = new string('\u0001', ProtocolLimits.MaxRefLength);
        var room = "@" + new string('a', ProtocolLimits.MaxUsernameLength);
        Assert.True(MessageTextRules.Validate(text).IsValid);
        Assert.True(RoomNameRules.ValidateAddress(room).IsValid);

        var bytes = FrameWriter.ToBytes(new SayFrame(text, reference, room));

        Assert.True(bytes.Length <= Max, $"The costliest valid say took {bytes.Length} bytes.");
        Assert.Equal(new SayFrame(text, reference, room), Wire.ReadLine(bytes, Max).Frame);
    }

    [Fact]
    public void A_hello_naming_the_most_rooms_with_full_cursors_fits_in_a_client_frame()
    {
        // The contract does not bound an epoch's length; 64 characters is far more than a store needs.
        var rooms = SampleFrames.Cursors([.. Enumerable.Range(0, ProtocolLimits.MaxHelloRooms)
            .Select(i => ($"#{i:D3}{new string('r', ProtocolLimits.MaxRoomNameLength - 3)}", new RoomCursor(long.MaxValue, new string('e', 64))))]);
        Assert.All(rooms.Keys, room => Assert.True(RoomNameRules.Validate(room).IsValid));
        var hello = new HelloFrame(new string('a', 32), 2, "piazza-gui/0.2", null, new string('s', 64), rooms, new string('p', 256), false);

        var bytes = FrameWriter.ToBytes(hello);

        Assert.True(bytes.Length <= Max, $"The hello took {bytes.Length} bytes.");
        FrameAssert.Equal(hello, Wire.ReadLine(bytes, Max).Frame);
    }

    [Fact]
    public void A_history_answer_of_the_most_events_of_the_costliest_messages_fits_in_the_client_side_limit()
    {
        var text = "x" + new string('\u2028', ProtocolLimits.MaxTextScalars - 1);
        var events = Enumerable.Range(1, ProtocolLimits.MaxHistoryLimit)
            .Select(i => (Frame)new MessageFrame(long.MaxValue - i, SampleFrames.Ts, new string('u', 32), text, Replay: false, Room: "#" + new string('r', 32)))
            .ToList();
        var history = new HistoryFrame("#" + new string('r', 32), Events: events, More: true);

        var bytes = FrameWriter.ToBytes(history);

        // Over the 1 MiB a client must accept at least, within what this library accepts.
        Assert.True(bytes.Length > 1024 * 1024);
        Assert.True(bytes.Length < ProtocolLimits.MaxServerFrameBytes, $"The history answer took {bytes.Length} bytes.");
        var reader = new FrameStreamReader(ProtocolLimits.MaxServerFrameBytes, BufferShape.Contiguous);
        reader.Feed(bytes);
        FrameAssert.Equal(history, Assert.Single(reader.Frames));
    }

    [Fact]
    public void Server_frames_over_16_KiB_are_read_with_the_larger_client_side_limit()
    {
        var line = SayOfLength(1024 * 1024);

        Assert.Equal(FrameReadStatus.Frame, Wire.ReadLine(line, ProtocolLimits.MaxServerFrameBytes).Status);
        Assert.True(ProtocolLimits.MaxServerFrameBytes >= 1024 * 1024);
    }
}
