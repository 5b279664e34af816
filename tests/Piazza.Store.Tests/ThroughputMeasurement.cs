using System.Diagnostics;
using Piazza.Store.Tests.Support;

namespace Piazza.Store.Tests;

/// <summary>
/// Figures measured by hand, never in a normal run (explicit tests; they assert nothing about time):
/// <code>
/// dotnet test tests/Piazza.Store.Tests -c Release --filter FullyQualifiedName~ThroughputMeasurement \
///   --logger "console;verbosity=detailed" -- xUnit.Explicit=only
/// </code>
/// </summary>
public sealed class ThroughputMeasurement
{
    private static readonly string Text = new('x', 100);

    [Fact(Explicit = true)]
    public async Task Appends_per_second_by_store_and_concurrency()
    {
        using var directory = new TempDirectory();
        foreach (var kind in new[] { "sqlite-full", "sqlite-normal", "memory" })
        {
            foreach (var appenders in new[] { 1, 64, 2000 })
            {
                var count = (kind, appenders) switch
                {
                    ("sqlite-full", 1) => 2_000,
                    ("sqlite-normal", 1) => 20_000,
                    ("memory", _) => 1_000_000,
                    _ => 300_000,
                };
                await using IEventStore store = kind == "memory"
                    ? new MemoryStore()
                    : new SqliteStore(new SqliteStoreOptions(directory.File($"{kind}-{appenders}.db"))
                    {
                        Sync = kind == "sqlite-full" ? SyncMode.Full : SyncMode.Normal,
                    });
                await store.OpenAsync();
                var (rate, cpu) = await AppendAsync(store, appenders, count, rooms: 10);
                Figure($"{kind,-13} {appenders,5} appenders: {rate,9:N0} appends/s, {cpu,5:F1} us of CPU per append ({count:N0} appends of 100 bytes, 10 rooms, each with a ref)");
            }
        }
    }

    [Fact(Explicit = true)]
    public async Task File_size_and_page_reads_for_a_million_messages_in_one_room()
    {
        using var directory = new TempDirectory();
        var path = directory.File("million.db");
        await using (var store = new SqliteStore(new SqliteStoreOptions(path) { Sync = SyncMode.Normal }))
        {
            await store.OpenAsync();
            await AppendAsync(store, 2000, 1_000_000, rooms: 1);
        }

        Figure($"1,000,000 messages of 100 bytes (each with a ref) take {new FileInfo(path).Length / 1e6:F1} MB");
        await using (var store = new SqliteStore(new SqliteStoreOptions(path)))
        {
            var open = Stopwatch.StartNew();
            await store.OpenAsync();
            Figure($"opening it (quick_check included) took {open.Elapsed.TotalMilliseconds:F0} ms");
            var random = new Random(1);
            foreach (var from in new[] { ReadFrom.Oldest, ReadFrom.Newest })
            {
                var times = new List<double>();
                for (var i = 0; i < 2000; i++)
                {
                    var at = random.NextInt64(1, 999_800);
                    var started = Stopwatch.GetTimestamp();
                    var page = from == ReadFrom.Oldest
                        ? await store.ReadAsync("#r0", at, long.MaxValue, 200, from)
                        : await store.ReadAsync("#r0", long.MinValue, at + 201, 200, from);
                    times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    Assert.Equal(200, page.Count);
                }

                times.Sort();
                Figure($"a page of 200 from that room ({from}, at random places): median {times[1000]:F3} ms, 99th percentile {times[1980]:F3} ms");
            }
        }
    }

    private static async Task<(double PerSecond, double CpuMicroseconds)> AppendAsync(IEventStore store, int appenders, int count, int rooms)
    {
        var next = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, appenders).Select(a => Task.Run(async () =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) <= count)
            {
                var result = await store.AppendAsync(Drafts.Say($"#r{n % rooms}", Text, $"user{a}", $"c-{n}"));
                Assert.Equal(AppendStatus.Committed, result.Status);
            }
        })));
        var elapsed = clock.Elapsed;
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        return (count / elapsed.TotalSeconds, used.TotalMicroseconds / count);
    }

    private static void Figure(string line) => TestContext.Current.TestOutputHelper?.WriteLine("FIGURE store " + line);
}
