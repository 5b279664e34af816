using System.Buffers;

namespace Piazza.Protocol.Tests.Support;

/// <summary>One link of a multi-segment <see cref="ReadOnlySequence{T}"/>, as a pipe would hand it over.</summary>
internal sealed class BufferSegment : ReadOnlySequenceSegment<byte>
{
    public BufferSegment(ReadOnlyMemory<byte> memory) => Memory = memory;

    /// <summary>Links <paramref name="next"/> after this segment and returns it.</summary>
    public BufferSegment Append(BufferSegment next)
    {
        next.RunningIndex = RunningIndex + Memory.Length;
        Next = next;
        return next;
    }

    /// <summary>A sequence with one segment per chunk, empty chunks included.</summary>
    public static ReadOnlySequence<byte> Chain(IEnumerable<ReadOnlyMemory<byte>> chunks)
    {
        BufferSegment? first = null, last = null;
        foreach (var chunk in chunks)
        {
            var segment = new BufferSegment(chunk);
            last = last is null ? first = segment : last.Append(segment);
        }

        return first is null
            ? ReadOnlySequence<byte>.Empty
            : new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
    }

    /// <summary>A sequence with one segment per byte: the most fragmented form of the same bytes.</summary>
    public static ReadOnlySequence<byte> PerByte(byte[] bytes) =>
        Chain(Enumerable.Range(0, bytes.Length).Select(i => (ReadOnlyMemory<byte>)bytes.AsMemory(i, 1)));
}
