using System.CommandLine;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Piazza.Server;

// Exit codes: 0 after a graceful stop, 2 for a bad option or a listen failure the operator can fix.
const int BadUsage = 2;

var command = ServerCommand.Create();
var parse = command.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        await Console.Error.WriteLineAsync($"piazza-server: {error.Message}");
    }

    await Console.Error.WriteLineAsync("Run with --help to see every option and its default.");
    return BadUsage;
}

if (parse.Action is not null && parse.Tokens.Any(t => t.Value is "--help" or "-h" or "-?" or "--version"))
{
    return await parse.InvokeAsync();
}

if (AccountCommand.IsChosen(parse))
{
    return await AccountCommand.RunAsync(parse, Console.In, Console.Out, Console.Error);
}

var options = ServerCommand.Bind(parse);
if (ServerCommand.CheckCombination(options) is { } conflict)
{
    await Console.Error.WriteLineAsync($"piazza-server: {conflict}");
    return BadUsage;
}

using var loggerFactory = LoggerFactory.Create(logging => logging
    .SetMinimumLevel(parse.GetValue(ServerCommand.LogLevelOption))
    .AddSimpleConsole(console =>
    {
        console.SingleLine = true;
        console.TimestampFormat = "HH:mm:ss.fff ";
        console.UseUtcTimestamp = true;
    }));

// Signals are taken over before listening, so a Ctrl+C that arrives the moment the server is up
// still gets the graceful stop (shutdown frames, exit 0) instead of killing the process.
var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
void OnSignal(PosixSignalContext context)
{
    // Keep the process alive until the graceful stop below has run.
    context.Cancel = true;
    stop.TrySetResult();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

await using var server = new ChatServer(options, loggerFactory);
try
{
    await server.StartAsync();
}
catch (ServerStartException ex)
{
    await Console.Error.WriteLineAsync($"piazza-server: {ex.Message}");
    return BadUsage;
}

await stop.Task;
await server.StopAsync();
return 0;
