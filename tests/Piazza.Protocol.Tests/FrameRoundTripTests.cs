using System.Buffers;
using System.Reflection;
using Piazza.Protocol.Tests.Support;

namespace Piazza.Protocol.Tests;

/// <summary>FrameWriter.Write then FrameDecoder.Read gives back an equal frame, for every frame type.</summary>
public sealed class FrameRoundTripTests
{
    public static TheoryData<string> Samples => SampleFrames.Names;

    [Theory]
    [MemberData(nameof(Samples))]
    public void A_written_frame_reads_back_equal(string name)
    {
        var frame = SampleFrames.ByName[name];
        var bytes = FrameWriter.ToBytes(frame);

        var buffer = new ReadOnlySequence<byte>(bytes);
        var result = FrameDecoder.Read(ref buffer, ProtocolLimits.MaxServerFrameBytes);

        Assert.Equal(FrameReadStatus.Frame, result.Status);
        FrameAssert.Equal(frame, result.Frame);
        Assert.True(buffer.IsEmpty);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void A_written_frame_reads_back_equal_from_one_segment_per_byte(string name)
    {
        var frame = SampleFrames.ByName[name];
        var buffer = BufferSegment.PerByte(FrameWriter.ToBytes(frame));

        var result = FrameDecoder.Read(ref buffer, ProtocolLimits.MaxServerFrameBytes);

        Assert.Equal(FrameReadStatus.Frame, result.Status);
        FrameAssert.Equal(frame, result.Frame);
        Assert.True(buffer.IsEmpty);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void A_written_frame_is_one_line_of_valid_utf8_ending_in_a_newline(string name)
    {
        var bytes = FrameWriter.ToBytes(SampleFrames.ByName[name]);

        Assert.Equal((byte)'\n', bytes[^1]);
        Assert.Equal(bytes.Length - 1, Array.IndexOf(bytes, (byte)'\n'));
        Assert.True(System.Text.Unicode.Utf8.IsValid(bytes));
        Assert.StartsWith($"{{\"type\":\"{SampleFrames.ByName[name].Type}\"", Wire.Text(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_frame_type_has_a_sample()
    {
        var types = typeof(FrameTypes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal);

        Assert.Equal(types, SampleFrames.TypesCovered.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_frame_record_has_a_sample()
    {
        var records = typeof(Frame).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Frame)) && !t.IsAbstract)
            .Select(t => t.Name)
            .Order(StringComparer.Ordinal);

        Assert.Equal(records, SampleFrames.ByName.Values.Select(f => f.GetType().Name).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Frames_written_back_to_back_into_one_buffer_read_back_in_order()
    {
        var frames = SampleFrames.ByName.Values.ToList();

        var reader = Wire.ReadAll(Wire.Stream(frames), ProtocolLimits.MaxServerFrameBytes);

        FrameAssert.Equal(frames, reader.Frames.ToList());
        Assert.Equal(0, reader.Buffered);
    }

    [Fact]
    public void Timestamps_keep_their_instant_whatever_their_offset()
    {
        var rome = new DateTimeOffset(2026, 11, 25, 21, 0, 2, 345, TimeSpan.FromHours(1));

        var read = (JoinedFrame)Wire.Decode(Wire.Write(new JoinedFrame(1, rome, "alice")));

        Assert.Equal(rome, read.Ts);
        Assert.Equal(TimeSpan.Zero, read.Ts.Offset);
    }

    [Fact]
    public void Timestamps_keep_milliseconds_and_drop_finer_ticks()
    {
        var precise = new DateTimeOffset(2026, 11, 25, 20, 0, 0, TimeSpan.Zero).AddTicks(1_239_999);

        var read = (AckFrame)Wire.Decode(Wire.Write(new AckFrame("r", 1, precise)));

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 20, 0, 0, 123, TimeSpan.Zero), read.Ts);
    }

    [Fact]
    public void A_welcome_of_a_large_room_round_trips_within_the_server_frame_limit()
    {
        var users = Enumerable.Range(0, 10_000).Select(i => $"user_{i:D5}_{new string('x', 20)}").ToList();
        var welcome = new WelcomeFrame(users[0], users, "tok", 10_000, ServerLimits.Default, "piazza/0.1");
        var bytes = FrameWriter.ToBytes(welcome);

        Assert.True(bytes.Length > 256 * 1024);
        Assert.True(bytes.Length < ProtocolLimits.MaxServerFrameBytes);
        var reader = new FrameStreamReader(ProtocolLimits.MaxServerFrameBytes);
        reader.FeedAll(bytes.Chunk(4096));
        FrameAssert.Equal(welcome, Assert.Single(reader.Frames));
    }
}
