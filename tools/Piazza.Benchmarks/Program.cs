using System.Globalization;
using BenchmarkDotNet.Running;
using Piazza.Benchmarks;

// `alloc` prints the broadcast's allocated bytes per delivery (GC.GetTotalAllocatedBytes) without
// the full benchmark run; anything else goes to BenchmarkDotNet (e.g. --filter '*Room*').
if (args is ["alloc", ..])
{
    foreach (var members in new[] { 100, 1000 })
    {
        var benchmark = new RoomBroadcastBenchmarks { Members = members };
        benchmark.Setup();
        var (perMessage, perDelivery) = benchmark.MeasureAllocations(160_000);
        benchmark.Cleanup();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"room of {members,5}: {perMessage,8:0.0} bytes allocated per message, {perDelivery,8:0.000} per delivery ({members - 1} recipients)"));
    }

    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(RoomBroadcastBenchmarks).Assembly).Run(args);
return 0;
