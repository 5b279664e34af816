using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Piazza.Server;

namespace Piazza.Benchmarks;

/// <summary>
/// One <c>say</c> through the room: stamp, serialize once, offer to every member's queue, ack the
/// sender; then every queue is drained the way the writer does (copied into a send buffer), so the
/// queues stay short as they do in a healthy room. No sockets are written: this is the CPU and
/// allocation cost of the broadcast itself.
/// </summary>
[MemoryDiagnoser]
public class RoomBroadcastBenchmarks
{
    /// <summary>Messages per invocation; the queues are drained after each batch.</summary>
    public const int Batch = 16;

    private byte[]? _sendBuffer;
    private ChatServer _server = null!;
    private Connection[] _members = [];
    private string _text = "";

    [Params(100, 1000)]
    public int Members { get; set; }

    internal Room Room => _server.Room;

    [GlobalSetup]
    public void Setup()
    {
        _server = new ChatServer(new ServerOptions { Port = 0, History = 50 });
        _members = new Connection[Members];
        for (var i = 0; i < Members; i++)
        {
            // The connections are never started: the room only needs their queues.
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            _members[i] = new Connection(_server, socket, i + 1, new IPEndPoint(IPAddress.Loopback, 10_000 + i));
            _server.Room.TryJoin(_members[i], $"member{i}");
        }

        _text = new string('x', 100);
        DrainAll();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var member in _members)
        {
            member.Queue.Clear();
        }
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "say to the room, per message")]
    public void Say()
    {
        var sender = _members[0];
        for (var i = 0; i < Batch; i++)
        {
            Room.Say(sender, _text, "r-1");
        }

        DrainAll();
    }

    /// <summary>Bytes allocated per message and per delivery over <paramref name="messages"/> says (after a warm-up).</summary>
    public (double PerMessage, double PerDelivery) MeasureAllocations(int messages)
    {
        for (var i = 0; i < 1000; i++)
        {
            Say();
        }

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var batches = messages / Batch;
        for (var i = 0; i < batches; i++)
        {
            Say();
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        var sent = (double)batches * Batch;
        return (allocated / sent, allocated / (sent * (Members - 1)));
    }

    private void DrainAll()
    {
        foreach (var member in _members)
        {
            while (!member.Queue.TakeBatch(ref _sendBuffer, 32 * 1024).IsEmpty)
            {
            }
        }
    }
}
