using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Piazza.Protocol;
using Piazza.Server.Accounts;
using Piazza.Server.Chat;
using Piazza.Server.Doors.Ndjson;
using Piazza.Server.Transport;
using Piazza.Store;

namespace Piazza.Benchmarks;

/// <summary>
/// One <c>say</c> through the chat: stored (in the memory store, so this measures the domain, not
/// the disk), delivered in order to every member's sink, encoded once as NDJSON, offered to every
/// member's queue, the sender acked; then every queue is drained the way the writer does (copied
/// into a send buffer), so the queues stay short as they do in a healthy room. No sockets are
/// written: this is the CPU and allocation cost of the broadcast itself.
/// </summary>
[MemoryDiagnoser]
public class RoomBroadcastBenchmarks
{
    /// <summary>Messages per invocation; the queues are drained after each batch.</summary>
    public const int Batch = 16;

    private byte[]? _sendBuffer;
    private ChatHub _chat = null!;
    private QueueSink[] _members = [];
    private string _text = "";

    [Params(100, 1000)]
    public int Members { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var store = new MemoryStore(new StoreOptions { RetentionEvents = 1000 });
        store.OpenAsync().GetAwaiter().GetResult();
        var accounts = new AccountService(store, new AccountOptions(10, TimeSpan.FromSeconds(30), 1, 16), TimeProvider.System, NullLogger.Instance);
        _chat = new ChatHub(new ChatOptions("#piazza", 50, 1000, 100, 100), store, store, accounts, TimeProvider.System, NullLogger.Instance);
        _chat.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        _members = new QueueSink[Members];
        for (var i = 0; i < Members; i++)
        {
            var sink = _members[i] = new QueueSink();
            var session = _chat.Connect(sink, new NewSession($"member{i}", 2, null, $"t{i}", null), out _)!;
            _chat.JoinAsync(session, "#piazza", null).AsTask().GetAwaiter().GetResult();
        }

        // Joining replays history asynchronously: wait until every member is live.
        SpinWait.SpinUntil(() => _members.All(m => m.IsOpen), TimeSpan.FromSeconds(30));
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
        var sender = _members[0].Session!;
        for (var i = 0; i < Batch; i++)
        {
            _ = _chat.SayAsync(sender, "#piazza", _text, null).AsTask().GetAwaiter().GetResult();
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

    /// <summary>A member whose connection is only its queue: what the NDJSON door does with a delivery, minus the socket.</summary>
    private sealed class QueueSink : ISessionSink
    {
        public OutboundQueue Queue { get; } = new(64 << 20);

        public bool IsOpen { get; private set; }

        public bool IsClosing => false;

        public ChatSession? Session { get; set; }

        public bool Deliver(RoomEvent roomEvent, EventView view) =>
            Queue.Enqueue(roomEvent.Encoded(NdjsonFormat.Instance, view)) != EnqueueResult.Overflow;

        public bool Acknowledge(RoomEvent roomEvent, EventView view, string? reference) =>
            Queue.Enqueue(FrameWriter.ToBytes(new AckFrame(reference, roomEvent.Id, roomEvent.Data.Ts, roomEvent.RoomKey))) != EnqueueResult.Overflow;

        public void Opened(RoomOpening opening) => IsOpen = true;

        public void Evict()
        {
        }

        public void Replace()
        {
        }

        public void Expel(string message)
        {
        }
    }
}
