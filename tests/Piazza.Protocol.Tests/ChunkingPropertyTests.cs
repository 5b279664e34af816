using System.Text;
using CsCheck;
using Piazza.Protocol.Tests.Support;

namespace Piazza.Protocol.Tests;

/// <summary>Any chunking of a stream of random frames decodes to the same list of frames.</summary>
public sealed class ChunkingPropertyTests
{
    [Fact]
    public void Any_chunking_of_random_frames_decodes_to_the_same_frames()
    {
        Gen.Select(Generators.Frame.Array[1, 15], Generators.ChunkSizes, Gen.Bool, Gen.Int[0, 3]).Sample((frames, sizes, segmented, style) =>
        {
            var stream = Styled(Wire.Stream(frames), style);
            var reader = new FrameStreamReader(ProtocolLimits.MaxClientFrameBytes, segmented ? BufferShape.Segmented : BufferShape.Contiguous);

            reader.FeedAll(Cut(stream, sizes));

            FrameAssert.Equal(frames, reader.Frames.ToList());
            Assert.Equal(frames.Length, reader.Results.Count);
            Assert.Equal(0, reader.Buffered);
        }, iter: 500);
    }

    [Fact]
    public void Any_chunking_of_random_version_2_frames_decodes_to_the_same_frames()
    {
        Gen.Select(Generators.Version2Frame.Array[1, 10], Generators.ChunkSizes, Gen.Bool).Sample((frames, sizes, segmented) =>
        {
            var reader = new FrameStreamReader(ProtocolLimits.MaxClientFrameBytes, segmented ? BufferShape.Segmented : BufferShape.Contiguous);

            reader.FeedAll(Cut(Wire.Stream(frames), sizes));

            FrameAssert.Equal(frames, reader.Frames.ToList());
            Assert.Equal(frames.Length, reader.Results.Count);
            Assert.Equal(0, reader.Buffered);
        }, iter: 300);
    }

    /// <summary>The same frames with \n, \r\n, or blank lines in between.</summary>
    private static byte[] Styled(byte[] stream, int style)
    {
        // Frames never hold a raw \n, so every \n in the stream ends a frame.
        var text = Encoding.UTF8.GetString(stream);
        return Encoding.UTF8.GetBytes(style switch
        {
            1 => text.Replace("\n", "\r\n", StringComparison.Ordinal),
            2 => text.Replace("\n", "\n\n \t\r\n", StringComparison.Ordinal),
            3 => "\r\n" + text.Replace("\n", "\r\n\n", StringComparison.Ordinal),
            _ => text,
        });
    }

    internal static IEnumerable<byte[]> Cut(byte[] stream, int[] sizes)
    {
        var at = 0;
        for (var i = 0; at < stream.Length; i++)
        {
            var size = Math.Min(sizes[i % sizes.Length], stream.Length - at);
            yield return stream[at..(at + size)];
            at += size;
            if (i > 10 * stream.Length + 10)
            {
                // Only zero sizes: deliver the rest in one go.
                yield return stream[at..];
                yield break;
            }
        }
    }
}
