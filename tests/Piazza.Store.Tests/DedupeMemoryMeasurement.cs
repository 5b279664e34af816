using System.Globalization;
using Piazza.Store.Tests.Support;

namespace Piazza.Store.Tests;

/// <summary>
/// What the memory store's dedupe map costs, measured by hand, never in a normal run (an explicit
/// test; it asserts only that every append was taken):
/// <code>
/// dotnet test tests/Piazza.Store.Tests -c Release --filter FullyQualifiedName~DedupeMemoryMeasurement \
///   --logger "console;verbosity=detailed" -- xUnit.Explicit=only
/// </code>
/// One room (so retention keeps its newest 10,000 events and what grows is the dedupe map), a
/// warm-up of 20,000 messages, then 1,000,000 more, each with its own 100-character text and a
/// 30-character ref as the bench sends them, from 4 senders. Managed heap after a full collection
/// and VmRSS are read before and after.
/// </summary>
public sealed class DedupeMemoryMeasurement
{
    private const int Warmup = 20_000;
    private const int Count = 1_000_000;
    private static readonly string[] Senders = ["alice", "bob", "carol", "dave"];

    [Fact(Explicit = true)]
    public async Task Memory_growth_for_a_million_remembered_refs()
    {
        await using var store = new MemoryStore();
        await store.OpenAsync();
        await AppendAsync(store, 0, Warmup);
        var (heapBefore, rssBefore) = Measure();
        await AppendAsync(store, Warmup, Count);
        var (heapAfter, rssAfter) = Measure();

        Figure($"managed heap {heapBefore / 1024.0 / 1024:F1} -> {heapAfter / 1024.0 / 1024:F1} MiB (+{(heapAfter - heapBefore) / 1024.0 / 1024:F1} MiB, {(double)(heapAfter - heapBefore) / Count:F0} bytes per ref)");
        Figure($"VmRSS {rssBefore:N0} -> {rssAfter:N0} KiB (+{(rssAfter - rssBefore) / 1024.0:F1} MiB) for {Count:N0} refs, {MemoryStore.DefaultEventsPerRoom:N0} events kept");
    }

    private static async Task AppendAsync(MemoryStore store, int first, int count)
    {
        for (var n = first; n < first + count; n++)
        {
            // A text of its own per message, as one read off the wire is.
            var text = string.Create(100, n, static (span, n) =>
            {
                span.Fill('x');
                n.TryFormat(span, out _, default, CultureInfo.InvariantCulture);
            });
            var reference = string.Create(CultureInfo.InvariantCulture, $"{n:D10}-{n * 7919L:D19}");
            var result = await store.AppendAsync(Drafts.Say("#r", text, Senders[n % Senders.Length], reference));
            Assert.Equal(AppendStatus.Committed, result.Status);
        }
    }

    private static (long Heap, long RssKib) Measure()
    {
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var rss = File.ReadLines("/proc/self/status")
            .Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture))
            .Single();
        return (heap, rss);
    }

    private static void Figure(string line) => TestContext.Current.TestOutputHelper?.WriteLine("FIGURE store dedupe " + line);
}
