using System.Buffers;
using System.Text.Unicode;
using CsCheck;
using Piazza.Protocol.Tests.Support;

namespace Piazza.Protocol.Tests;

/// <summary>Random valid frames, with strings from every Unicode plane, survive the codec unchanged.</summary>
public sealed class RoundTripPropertyTests
{
    [Fact]
    public void Any_frame_reads_back_equal()
    {
        Generators.Frame.Sample(frame =>
        {
            var bytes = FrameWriter.ToBytes(frame);
            var buffer = new ReadOnlySequence<byte>(bytes);

            var result = FrameDecoder.Read(ref buffer, ProtocolLimits.MaxServerFrameBytes);

            Assert.Equal(FrameReadStatus.Frame, result.Status);
            FrameAssert.Equal(frame, result.Frame);
            Assert.True(buffer.IsEmpty);
        }, iter: 3_000);
    }

    [Fact]
    public void Any_frame_is_written_as_one_line_of_valid_utf8()
    {
        Generators.Frame.Sample(frame =>
        {
            var bytes = FrameWriter.ToBytes(frame);

            Assert.Equal(bytes.Length - 1, Array.IndexOf(bytes, (byte)'\n'));
            Assert.True(Utf8.IsValid(bytes));
            Assert.DoesNotContain((byte)'\r', bytes);
        }, iter: 2_000);
    }

    [Fact]
    public void Any_frame_reads_back_equal_from_one_segment_per_byte()
    {
        Generators.Frame.Sample(frame =>
        {
            var buffer = BufferSegment.PerByte(FrameWriter.ToBytes(frame));

            var result = FrameDecoder.Read(ref buffer, ProtocolLimits.MaxServerFrameBytes);

            FrameAssert.Equal(frame, result.Frame);
            Assert.True(buffer.IsEmpty);
        }, iter: 500);
    }

    [Fact]
    public void Any_version_2_frame_reads_back_equal()
    {
        Generators.Version2Frame.Sample(frame =>
        {
            var bytes = FrameWriter.ToBytes(frame);
            var buffer = new ReadOnlySequence<byte>(bytes);

            var result = FrameDecoder.Read(ref buffer, ProtocolLimits.MaxServerFrameBytes);

            Assert.True(result.Status == FrameReadStatus.Frame, $"{result.Status}: {result.Error?.Message}");
            FrameAssert.Equal(frame, result.Frame);
            Assert.True(buffer.IsEmpty);
            Assert.Equal(bytes, FrameWriter.ToBytes(result.Frame!));
        }, iter: 3_000);
    }

    [Fact]
    public void Any_version_2_frame_is_written_as_one_line_of_valid_utf8()
    {
        Generators.Version2Frame.Sample(frame =>
        {
            var bytes = FrameWriter.ToBytes(frame);

            Assert.Equal(bytes.Length - 1, Array.IndexOf(bytes, (byte)'\n'));
            Assert.True(Utf8.IsValid(bytes));
            Assert.DoesNotContain((byte)'\r', bytes);
        }, iter: 2_000);
    }

    [Fact]
    public void Any_version_2_frame_reads_back_equal_from_one_segment_per_byte()
    {
        Generators.Version2Frame.Sample(frame =>
        {
            var buffer = BufferSegment.PerByte(FrameWriter.ToBytes(frame));

            var result = FrameDecoder.Read(ref buffer, ProtocolLimits.MaxServerFrameBytes);

            FrameAssert.Equal(frame, result.Frame);
            Assert.True(buffer.IsEmpty);
        }, iter: 500);
    }

    [Fact]
    public void Any_version_2_frame_cut_in_two_anywhere_reads_back_equal()
    {
        Gen.Select(Generators.Version2Frame, Gen.Int[0, int.MaxValue]).Sample((frame, at) =>
        {
            var bytes = FrameWriter.ToBytes(frame);
            var cut = at % (bytes.Length + 1);
            var buffer = BufferSegment.Chain([bytes.AsMemory(0, cut), bytes.AsMemory(cut)]);

            var result = FrameDecoder.Read(ref buffer, ProtocolLimits.MaxServerFrameBytes);

            FrameAssert.Equal(frame, result.Frame);
            Assert.True(buffer.IsEmpty);
        }, iter: 2_000);
    }

    [Fact]
    public void Any_room_event_reads_back_equal_inside_a_history_answer_and_alone()
    {
        Generators.Event.Sample(frame =>
        {
            var history = new HistoryFrame("#a", Events: [frame]);

            FrameAssert.Equal(history, Wire.Decode(Wire.Write(history)));
            FrameAssert.Equal(frame, Wire.Decode(Wire.Write(frame)));
            Assert.Contains(Wire.Write(frame).TrimEnd('\n'), Wire.Write(history), StringComparison.Ordinal);
        }, iter: 1_000);
    }

    [Fact]
    public void Any_say_the_text_rules_accept_fits_in_a_client_frame()
    {
        // Long texts of the most expensive allowed characters: 4-byte emoji, escaped quotes and line breaks.
        var allowed = Generators.Scalar.Where(r => !MessageTextRules.IsForbidden(r)).Select(r => r.ToString());
        var expensive = Gen.Frequency<string>((6, Gen.Const("😀")), (1, Gen.Const("\"")), (1, Gen.Const("\\")), (1, Gen.Const("\n")), (1, allowed));
        var text = expensive.Array[1_900, ProtocolLimits.MaxTextScalars].Select(string.Concat);
        // The ref has no character rules, so control characters (six bytes escaped) are its worst case.
        var reference = Gen.Frequency<string>((1, Gen.Const("\u0001")), (1, Generators.Scalar.Select(r => r.ToString())))
            .Array[0, 64].Select(parts => TakeUnits(parts, ProtocolLimits.MaxRefLength));

        Gen.Select(text, reference).Sample((t, r) =>
        {
            Assert.True(MessageTextRules.Validate(t).IsValid);

            var bytes = FrameWriter.ToBytes(new SayFrame(t, r));

            Assert.True(bytes.Length <= ProtocolLimits.MaxClientFrameBytes, $"A valid say took {bytes.Length} bytes.");
            Assert.Equal(new SayFrame(t, r), Wire.ReadLine(bytes).Frame);
        }, iter: 300);
    }

    private static string TakeUnits(string[] parts, int maxUnits)
    {
        var taken = "";
        foreach (var part in parts)
        {
            if (taken.Length + part.Length > maxUnits)
            {
                break;
            }

            taken += part;
        }

        return taken;
    }
}
