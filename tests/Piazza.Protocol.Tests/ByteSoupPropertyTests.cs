using CsCheck;
using Piazza.Protocol.Tests.Support;

namespace Piazza.Protocol.Tests;

/// <summary>
/// Random bytes never make the decoder throw: it answers with statuses only, never consumes past a
/// newline it did not find within the limit (checked by <see cref="FrameStreamReader"/> after
/// every call), and gives the same answers however the bytes are chunked.
/// </summary>
public sealed class ByteSoupPropertyTests
{
    [Fact]
    public void Byte_soup_gives_statuses_never_exceptions()
    {
        Gen.Select(Generators.Soup, Gen.Int[1, 400], Gen.Bool).Sample((soup, max, segmented) =>
        {
            var reader = new FrameStreamReader(max, segmented ? BufferShape.Segmented : BufferShape.Contiguous);

            reader.Feed(soup);

            Assert.True(reader.Stopped || reader.Buffered < max);
        }, iter: 5_000);
    }

    [Fact]
    public void Byte_soup_decodes_the_same_whatever_the_chunking()
    {
        Gen.Select(Generators.Soup, Gen.Int[1, 400], Generators.ChunkSizes, Gen.Bool).Sample((soup, max, sizes, segmented) =>
        {
            var whole = new FrameStreamReader(max, BufferShape.Contiguous);
            whole.Feed(soup);
            var chunked = new FrameStreamReader(max, segmented ? BufferShape.Segmented : BufferShape.Contiguous);
            chunked.FeedAll(ChunkingPropertyTests.Cut(soup, sizes));

            Assert.Equal(Outcomes(whole), Outcomes(chunked));
            Assert.Equal(whole.Stopped, chunked.Stopped);
            if (!whole.Stopped)
            {
                Assert.Equal(whole.Buffered, chunked.Buffered);
            }
        }, iter: 3_000);
    }

    [Fact]
    public void Byte_soup_fed_one_byte_at_a_time_with_the_real_limit_gives_statuses_never_exceptions()
    {
        Generators.Soup.Sample(soup =>
        {
            var reader = new FrameStreamReader(ProtocolLimits.MaxClientFrameBytes, BufferShape.Contiguous);
            reader.FeedByteByByte(soup);

            var every = reader.Results.Select(r => r.Status).ToList();
            Assert.DoesNotContain(FrameReadStatus.TooLarge, every);
        }, iter: 500);
    }

    /// <summary>Results compared by what they say: status, error, and the frame as the writer would send it.</summary>
    private static List<(FrameReadStatus, ProtocolError?, string?)> Outcomes(FrameStreamReader reader) =>
        [.. reader.Results.Select(r => (r.Status, r.Error, r.Frame is null ? null : Wire.Write(r.Frame)))];
}
