using Piazza.Bench;

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
