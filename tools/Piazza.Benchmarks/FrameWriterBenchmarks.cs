using BenchmarkDotNet.Attributes;
using Piazza.Protocol;

namespace Piazza.Benchmarks;

/// <summary>Serializing the frames the room sends most: done once per message, not per recipient.</summary>
[MemoryDiagnoser]
public class FrameWriterBenchmarks
{
    private readonly MessageFrame _message = new(123_456, DateTimeOffset.UtcNow, "alice", new string('x', 100));
    private readonly AckFrame _ack = new("c-17", 123_456, DateTimeOffset.UtcNow);

    [Benchmark]
    public byte[] Message() => FrameWriter.ToBytes(_message);

    [Benchmark]
    public byte[] Ack() => FrameWriter.ToBytes(_ack);
}
