using System.Diagnostics;

namespace Piazza.Resilience.Tests.Support;

/// <summary>
/// What the process holds: open file descriptors (/proc/self/fd), threads and managed memory.
/// The bounds allow for what a run legitimately keeps (the thread pool grows under load and
/// retires idle threads only after a while); a leak of one handle or buffer per connection
/// over thousands of connections passes them by far.
/// </summary>
internal sealed record Resources(int FileDescriptors, int Threads, long ManagedBytes)
{
    public const int FdBound = 16;
    public const int ThreadBound = 48;
    public const long MemoryBound = 16L << 20;

    public static Resources Measure()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var memory = GC.GetTotalMemory(forceFullCollection: true);
        var fds = OperatingSystem.IsLinux() ? Directory.GetFiles("/proc/self/fd").Length : 0;
        using var process = Process.GetCurrentProcess();
        return new Resources(fds, process.Threads.Count, memory);
    }

    /// <summary>Measures until the figures settle within the bounds, or the deadline passes; returns the last measurement.</summary>
    public static async Task<Resources> SettleAsync(Resources baseline)
    {
        var last = Measure();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!last.IsWithinBounds(baseline) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            last = Measure();
        }

        return last;
    }

    public bool IsWithinBounds(Resources baseline) =>
        FileDescriptors <= baseline.FileDescriptors + FdBound
        && Threads <= baseline.Threads + ThreadBound
        && ManagedBytes <= baseline.ManagedBytes + MemoryBound;

    public void AssertWithinBounds(Resources baseline)
    {
        Assert.True(FileDescriptors <= baseline.FileDescriptors + FdBound, $"file descriptors grew from {baseline.FileDescriptors} to {FileDescriptors}");
        Assert.True(Threads <= baseline.Threads + ThreadBound, $"threads grew from {baseline.Threads} to {Threads}");
        Assert.True(ManagedBytes <= baseline.ManagedBytes + MemoryBound, $"managed memory grew from {baseline.ManagedBytes} to {ManagedBytes}");
    }

    public override string ToString() => $"{FileDescriptors} fds, {Threads} threads, {Figures.Mib(ManagedBytes)}";
}
