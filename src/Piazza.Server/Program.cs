using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Piazza.Server;
using Piazza.Server.Configuration;
using Piazza.Server.Hosting;

// Exit codes: 0 after a graceful stop, 2 for a bad option, a bad configuration or a listen
// failure the operator can fix.
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

if (ConfigCheck.IsChosen(parse))
{
    return await ConfigCheck.RunAsync(command, parse, Console.Out, Console.Error);
}

// The command line first, then the environment (PIAZZA_*), then the configuration file, then the defaults.
var composed = ConfigLayers.Compose(command, args, parse, Environment.GetEnvironmentVariable,
    ConfigLayers.ConfigPath(parse, Environment.GetEnvironmentVariable));
if (composed.Errors.Count > 0)
{
    foreach (var sentence in composed.Errors)
    {
        await Console.Error.WriteLineAsync($"piazza-server: {sentence}");
    }

    return BadUsage;
}

var settings = command.Parse(composed.Arguments);
if (settings.Errors.Count > 0)
{
    // Each value was checked alone; this is a rule between them that the parser itself enforces.
    foreach (var error in settings.Errors)
    {
        await Console.Error.WriteLineAsync($"piazza-server: {error.Message}");
    }

    return BadUsage;
}

var options = OperationsOptions.Bind(settings, ServerCommand.Bind(settings));
if (ServerCommand.CheckCombination(options) is { } conflict)
{
    await Console.Error.WriteLineAsync($"piazza-server: {conflict}");
    return BadUsage;
}

var logLevel = new LogLevelSwitch(settings.GetValue(ServerCommand.LogLevelOption));
using var loggerFactory = LogSetup.Create(options.LogFormat, logLevel);
var logger = loggerFactory.CreateLogger("Piazza.Server");
if (composed.ConfigPath is { } configPath)
{
    logger.ConfigRead(configPath);
}

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
await using var operations = OperationsHost.Create(server, command, args, settings, logLevel, logger);
try
{
    await server.StartAsync();
    await operations.StartAsync(options, logger, CancellationToken.None);
}
catch (ServerStartException ex)
{
    await Console.Error.WriteLineAsync($"piazza-server: {ex.Message}");
    return BadUsage;
}

await stop.Task;
await operations.DisposeAsync();
await server.StopAsync();
return 0;
