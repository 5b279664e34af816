using System.Buffers;

namespace Piazza.Protocol.Tests.Support;

/// <summary>
/// Memory that records whether anyone looked at its bytes. Put after the frame limit, it shows
/// whether the decoder read past the limit.
/// </summary>
internal sealed class TripwireMemory(byte[] bytes) : MemoryManager<byte>
{
    public bool Touched { get; private set; }

    // The base class measures the span to build its Memory, which would trip the wire at once.
    public override Memory<byte> Memory => CreateMemory(bytes.Length);

    public override Span<byte> GetSpan()
    {
        Touched = true;
        return bytes;
    }

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        Touched = true;
        throw new NotSupportedException("Pinned past the frame limit.");
    }

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
