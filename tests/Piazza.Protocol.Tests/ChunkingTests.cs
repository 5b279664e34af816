using Piazza.Protocol.Tests.Support;

namespace Piazza.Protocol.Tests;

/// <summary>Whatever the TCP chunking, the same bytes decode to the same frames.</summary>
public sealed class ChunkingTests
{
    private static readonly List<Frame> Frames = [.. SampleFrames.ByName.Values];
    private static readonly byte[] Stream = Wire.Stream(Frames);

    public static TheoryData<BufferShape> Shapes => [BufferShape.Contiguous, BufferShape.Segmented];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void A_stream_fed_one_byte_at_a_time_decodes_to_the_same_frames(BufferShape shape)
    {
        var reader = new FrameStreamReader(ProtocolLimits.MaxClientFrameBytes, shape);

        reader.FeedByteByByte(Stream);

        FrameAssert.Equal(Frames, reader.Frames.ToList());
        Assert.Equal(0, reader.Buffered);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void A_stream_in_one_chunk_decodes_to_the_same_frames(BufferShape shape)
    {
        var reader = new FrameStreamReader(ProtocolLimits.MaxClientFrameBytes, shape);

        reader.Feed(Stream);

        FrameAssert.Equal(Frames, reader.Frames.ToList());
        Assert.Equal(0, reader.Buffered);
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 7)]
    [InlineData(3, 64)]
    [InlineData(4, 200)]
    [InlineData(5, 4096)]
    public void A_stream_in_random_chunks_decodes_to_the_same_frames(int seed, int maxChunk)
    {
        foreach (var shape in new[] { BufferShape.Contiguous, BufferShape.Segmented })
        {
            var reader = new FrameStreamReader(ProtocolLimits.MaxClientFrameBytes, shape);

            reader.FeedAll(Chunker.Random(Stream, seed, maxChunk));

            FrameAssert.Equal(Frames, reader.Frames.ToList());
            Assert.Equal(0, reader.Buffered);
        }
    }

    [Fact]
    public void A_stream_cut_in_two_anywhere_decodes_to_the_same_frames()
    {
        var frames = new List<Frame>
        {
            new SayFrame("ciao 😀", "c-1"),
            PingFrame.Instance,
            new MessageFrame(7, SampleFrames.Ts, "bob", "é€𝄞", Replay: true),
        };
        var stream = Wire.Stream(frames);

        for (var cut = 0; cut <= stream.Length; cut++)
        {
            var reader = new FrameStreamReader();
            reader.FeedAll(Chunker.At(stream, cut));
            FrameAssert.Equal(frames, reader.Frames.ToList());
        }
    }

    public static TheoryData<string> Version2Samples => SampleFrames.Version2Names;

    [Theory]
    [MemberData(nameof(Version2Samples))]
    public void A_version_2_frame_cut_in_two_at_every_byte_decodes_the_same(string name)
    {
        // The frame between two others, so that the cut also falls in its neighbours' newlines.
        List<Frame> frames = [PingFrame.Instance, SampleFrames.ByName[name], new SayFrame("é😀")];
        var stream = Wire.Stream(frames);

        for (var cut = 0; cut <= stream.Length; cut++)
        {
            foreach (var shape in new[] { BufferShape.Contiguous, BufferShape.Segmented })
            {
                var reader = new FrameStreamReader(ProtocolLimits.MaxClientFrameBytes, shape);
                reader.FeedAll(Chunker.At(stream, cut));
                FrameAssert.Equal(frames, reader.Frames.ToList());
                Assert.Equal(0, reader.Buffered);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Version2Samples))]
    public void A_version_2_frame_fed_one_byte_at_a_time_decodes_the_same(string name)
    {
        var frame = SampleFrames.ByName[name];
        var reader = new FrameStreamReader(ProtocolLimits.MaxClientFrameBytes, BufferShape.Segmented);

        reader.FeedByteByByte(FrameWriter.ToBytes(frame));

        FrameAssert.Equal(frame, Assert.Single(reader.Frames));
        Assert.Equal(0, reader.Buffered);
    }

    [Fact]
    public void Many_frames_in_one_chunk_all_decode_in_one_go()
    {
        var frames = Enumerable.Range(0, 2_000)
            .Select(i => (Frame)new MessageFrame(i, SampleFrames.Ts.AddMilliseconds(i), $"user{i % 7}", $"message {i} 😀"))
            .ToList();
        var reader = new FrameStreamReader();

        reader.Feed(Wire.Stream(frames));

        FrameAssert.Equal(frames, reader.Frames.ToList());
        Assert.Equal(frames.Count + 1, reader.ReadCalls);
    }

    [Fact]
    public void A_frame_and_the_start_of_the_next_decode_the_first_and_keep_the_rest()
    {
        var stream = Wire.Stream([PingFrame.Instance, new SayFrame("hello")]);
        var reader = new FrameStreamReader();

        reader.Feed(stream.AsSpan(0, 20));

        Assert.Equal([PingFrame.Instance], reader.Frames);
        Assert.Equal(20 - "{\"type\":\"ping\"}\n".Length, reader.Buffered);

        reader.Feed(stream.AsSpan(20));

        Assert.Equal([PingFrame.Instance, new SayFrame("hello")], reader.Frames);
    }

    [Fact]
    public void Empty_chunks_change_nothing()
    {
        var reader = new FrameStreamReader();
        var chunks = Stream.Chunk(5).SelectMany(c => new[] { [], c, Array.Empty<byte>() });

        reader.FeedAll(chunks);

        FrameAssert.Equal(Frames, reader.Frames.ToList());
    }

    [Fact]
    public void Without_a_final_newline_the_last_frame_is_not_decoded()
    {
        var reader = new FrameStreamReader();

        reader.Feed(Stream.AsSpan(0, Stream.Length - 1));

        FrameAssert.Equal(Frames[..^1], reader.Frames.ToList());
        Assert.Equal(Wire.Write(Frames[^1]).Length - 1, reader.Buffered);
    }

    [Fact]
    public void A_line_spread_over_one_segment_per_byte_decodes()
    {
        var bytes = Wire.Bytes("""{"type":"say","text":"ciao a tutti 😀 €","ref":"c-17"}""" + "\n");
        var buffer = BufferSegment.PerByte(bytes);

        var result = FrameDecoder.Read(ref buffer, ProtocolLimits.MaxClientFrameBytes);

        Assert.Equal(new SayFrame("ciao a tutti 😀 €", "c-17"), result.Frame);
        Assert.True(buffer.IsEmpty);
    }
}
