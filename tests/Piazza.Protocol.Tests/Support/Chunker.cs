namespace Piazza.Protocol.Tests.Support;

/// <summary>Ways to cut a byte stream into the chunks a socket might deliver.</summary>
internal static class Chunker
{
    /// <summary>Random chunk sizes from 1 to <paramref name="maxChunk"/>, with the odd empty chunk.</summary>
    public static IEnumerable<byte[]> Random(byte[] stream, int seed, int maxChunk = 64)
    {
        var random = new Random(seed);
        var at = 0;
        while (at < stream.Length)
        {
            var size = random.Next(10) == 0 ? 0 : random.Next(1, maxChunk + 1);
            size = Math.Min(size, stream.Length - at);
            yield return stream[at..(at + size)];
            at += size;
        }
    }

    /// <summary>The stream cut at the given offsets.</summary>
    public static IEnumerable<byte[]> At(byte[] stream, params int[] cuts)
    {
        var at = 0;
        foreach (var cut in cuts.Append(stream.Length))
        {
            yield return stream[at..cut];
            at = cut;
        }
    }
}
