using System.Text;
using Piazza.Protocol.Tests.Support;

namespace Piazza.Protocol.Tests;

/// <summary>Multi-byte UTF-8 characters split across chunks are put back together.</summary>
public sealed class MultiByteChunkingTests
{
    // 2-byte é ß, 3-byte € 中 文, 4-byte 😀 𝄞 𠜎, and emoji sequences (ZWJ family, flag, skin tone).
    private const string Text = "é ß € 中文 😀 𝄞 𠜎 👩‍👩‍👧‍👦 🇮🇹 👍🏽 z";

    /// <summary>Raw UTF-8 on the wire, as a client other than ours may send it.</summary>
    private static readonly byte[] RawStream = Wire.Bytes(
        $$"""{"type":"say","text":"{{Text}}","ref":"€1"}""" + "\n" +
        $$"""{"type":"hello","user":"😀"}""" + "\n" +
        $$"""{"type":"users","users":["é","😀","中"]}""" + "\n");

    private static readonly List<Frame> Expected =
    [
        new SayFrame(Text, "€1"),
        new HelloFrame("😀"),
        new UsersFrame(["é", "😀", "中"]),
    ];

    [Fact]
    public void The_stream_holds_characters_of_every_utf8_length()
    {
        var lengths = Text.EnumerateRunes().Select(r => r.Utf8SequenceLength).ToHashSet();

        Assert.Superset(new HashSet<int> { 1, 2, 3, 4 }, lengths);
        Assert.Contains((byte)0xF0, RawStream);
    }

    public static TheoryData<BufferShape> Shapes => [BufferShape.Contiguous, BufferShape.Segmented];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Raw_utf8_fed_one_byte_at_a_time_decodes(BufferShape shape)
    {
        var reader = new FrameStreamReader(ProtocolLimits.MaxClientFrameBytes, shape);

        reader.FeedByteByByte(RawStream);

        FrameAssert.Equal(Expected, reader.Frames.ToList());
    }

    [Fact]
    public void Raw_utf8_cut_inside_every_character_decodes()
    {
        foreach (var cut in CutsInsideCharacters(RawStream))
        {
            var reader = new FrameStreamReader();
            reader.FeedAll(Chunker.At(RawStream, cut));
            FrameAssert.Equal(Expected, reader.Frames.ToList());
        }
    }

    [Fact]
    public void A_four_byte_character_cut_into_four_chunks_decodes()
    {
        var line = Wire.Bytes("""{"type":"say","text":"😀"}""" + "\n");
        var start = Array.IndexOf(line, (byte)0xF0);

        var reader = new FrameStreamReader();
        reader.FeedAll(Chunker.At(line, start + 1, start + 2, start + 3));

        Assert.Equal([new SayFrame("😀")], reader.Frames);
    }

    [Fact]
    public void The_writer_sends_emoji_as_raw_utf8_and_a_cut_inside_them_decodes()
    {
        var frame = new MessageFrame(1, SampleFrames.Ts, "bob", Text);
        var stream = FrameWriter.ToBytes(frame);

        Assert.True(Contains(stream, Encoding.UTF8.GetBytes("😀 𝄞 𠜎")));
        foreach (var cut in CutsInsideCharacters(stream))
        {
            var reader = new FrameStreamReader();
            reader.FeedAll(Chunker.At(stream, cut));
            FrameAssert.Equal(frame, Assert.Single(reader.Frames));
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Raw_utf8_in_random_chunks_decodes(int seed)
    {
        var stream = Enumerable.Repeat(RawStream, 20).SelectMany(b => b).ToArray();
        var reader = new FrameStreamReader();

        reader.FeedAll(Chunker.Random(stream, seed, maxChunk: 5));

        FrameAssert.Equal([.. Enumerable.Repeat(Expected, 20).SelectMany(f => f)], reader.Frames.ToList());
    }

    /// <summary>Every offset that falls after the first byte of a multi-byte character.</summary>
    private static List<int> CutsInsideCharacters(byte[] bytes)
    {
        var cuts = Enumerable.Range(1, bytes.Length - 1).Where(i => (bytes[i] & 0xC0) == 0x80).ToList();
        Assert.True(cuts.Count > 20);
        return cuts;
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
