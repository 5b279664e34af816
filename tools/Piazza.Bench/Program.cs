using Piazza.Bench;

// Run receive continuations on the socket engine's own threads instead of hopping to the thread
// pool: the bench's per-frame work is a few hundred nanoseconds, and the hop cost it more than
// that (measured: 17-22 us of bench CPU per delivery at 20,000 deliveries/s, 11-14 us inline).
// Read once when the first socket is used, so it must be set before anything else runs.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

// Ctrl+C stops the run; the connections close and the partial run is not reported.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    return await BenchCommand.RunAsync(args, Console.Out, Console.Error, interactive: !Console.IsErrorRedirected, cancel.Token);
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("piazza-bench: cancelled.");
    return 130;
}
