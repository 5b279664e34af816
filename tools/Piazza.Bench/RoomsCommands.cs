using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Piazza.Protocol;

namespace Piazza.Bench;

/// <summary>
/// The version 2 scenarios' command line: <c>rooms</c> (scenario E), <c>catchup</c> and
/// <c>history</c>. Same conventions and exit codes as <see cref="BenchCommand"/>.
/// </summary>
internal static class RoomsCommands
{
    private static readonly Option<string> Host = new("--host")
    {
        Description = "Server address (an IP address).",
        DefaultValueFactory = _ => "127.0.0.1",
        HelpName = "address",
    };

    private static readonly Option<int> Port = Int("--port", 5000, "Server port.", 1, 65535);
    private static readonly Option<int> Clients = Int("--clients", 2000, "Connections, each in one room and each sending.", 2);
    private static readonly Option<int> RoomSize = Int("--room-size", 10, "Members per room.", 2);
    private static readonly Option<int> Window = Int("--window", 1, "With --rate max: says each client keeps unacknowledged (the server answers one connection's says in order).", 1, 1000);
    private static readonly Option<int> PayloadBytes = Int("--payload", 100, $"Message text length in bytes (at least {Payload.MinimumLength}).", Payload.MinimumLength, ProtocolLimits.MaxTextScalars);
    private static readonly Option<int> ConnectConcurrency = Int("--connect-concurrency", 256, "Connections being opened and joining at once.", 1);
    private static readonly Option<int> ReadBuffer = Int("--read-buffer", 16 * 1024, "Receive buffer per client to start with, in bytes (it grows for longer lines).", 256);
    private static readonly Option<int> Rooms = Int("--rooms", 10, "Rooms the returning client is in.", 1, 100);
    private static readonly Option<int> Missed = Int("--missed", 10_000, "Events the returning client misses, over all its rooms (its own left in each room is one of them).", 1);
    private static readonly Option<int> Rounds = Int("--rounds", 5, "Measured catch-up rounds after one warm-up round; the median is reported.", 1, 100);
    private static readonly Option<int> Events = Int("--events", 1_000_000, "Messages said into the room before paging.", 1);
    private static readonly Option<int> Fillers = Int("--fillers", 4, "Connections that fill the room (each receives the others' messages).", 1, 10_000);
    private static readonly Option<int> FillWindow = Int("--window", 32, "Says each filler keeps unacknowledged (a server that answers one say per commit gets one at a time anyway).", 1, 1000);
    private static readonly Option<int> Pages = Int("--pages", 1000, "History pages to time.", 1);
    private static readonly Option<int> PageSize = Int("--page-size", 200, "Events per history page (the protocol allows 1 to 200).", 1, 200);
    private static readonly Option<int?> ServerPid = new("--server-pid")
    {
        Description = "The server's process id on this machine: report its CPU and memory from /proc.",
        HelpName = "pid",
        CustomParser = r => ParseInt(r, "--server-pid", 1, int.MaxValue),
    };

    private static readonly Option<string?> DataDir = new("--data-dir")
    {
        Description = "The server's data directory: report the size of its files (the SQLite database and its WAL).",
        HelpName = "path",
    };

    private static readonly Option<string> Rate = new("--rate")
    {
        Description = "Total says per second offered by all clients together (open loop), or 'max' for a closed loop with --window.",
        DefaultValueFactory = _ => "max",
        HelpName = "n|max",
        CustomParser = r =>
        {
            var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (!text.Equals("max", StringComparison.OrdinalIgnoreCase)
                && !(double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 && double.IsFinite(v)))
            {
                r.AddError($"--rate must be a number of messages per second greater than 0, or 'max' ('{text}' is not).");
            }

            return text;
        },
    };

    private static readonly Option<double> Duration = Seconds("--duration", 20, "Seconds of measured sending.");
    private static readonly Option<double> Warmup = Seconds("--warmup", 2, "Seconds of sending before measuring starts.", allowZero: true);
    private static readonly Option<double> DrainTimeout = Seconds("--drain-timeout", 10, "Seconds to wait for the last acks and deliveries after sending stops.");
    private static readonly Option<double> JoinTimeout = Seconds("--join-timeout", 60, "Seconds one client waits for its welcome and room frames (and one history page for its answer).");
    private static readonly Option<double> Quiet = Seconds("--quiet", 5, "Seconds the server is left quiet before its memory is read (its trimmer collects after a burst).", allowZero: true);
    private static readonly Option<bool> Json = new("--json") { Description = "Print one machine-readable JSON line instead of the summary." };
    private static readonly Option<bool> NoProgress = new("--no-progress") { Description = "No live progress line on standard error." };

    public static IEnumerable<Command> Create()
    {
        yield return new Command("rooms", "Scenario E: N clients in rooms of --room-size, every client sending; committed messages/s, ack latency, file size per million.")
        {
            Host, Port, Clients, RoomSize, Rate, Window, Duration, Warmup, PayloadBytes, DrainTimeout, ServerPid, DataDir,
            Json, NoProgress, ConnectConcurrency, ReadBuffer, JoinTimeout,
        };
        yield return new Command("catchup", "A client in --rooms rooms misses --missed events and returns with its cursors: replayed events/s.")
        {
            Host, Port, Rooms, Missed, Rounds, PayloadBytes, DrainTimeout, ServerPid, Json, NoProgress, ReadBuffer, JoinTimeout,
        };
        yield return new Command("history", "Fills one room with --events messages (server memory before and after), then pages back through it: latency per page.")
        {
            Host, Port, Events, Fillers, FillWindow, Pages, PageSize, PayloadBytes, Quiet, ServerPid, DataDir, Json, NoProgress, ReadBuffer, JoinTimeout,
        };
    }

    public static bool Handles(Command command) => command.Name is "rooms" or "catchup" or "history";

    public static async Task<int> RunAsync(ParseResult parse, Command command, TextWriter output, TextWriter error, bool interactive, CancellationToken cancellationToken)
    {
        RoomsSettings settings;
        try
        {
            settings = Bind(parse, command.Name);
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync($"piazza-bench: {ex.Message}");
            return BenchCommand.BadUsage;
        }

        var progress = new ProgressLine(error, settings.Progress, interactive);
        try
        {
            string line;
            bool ok;
            switch (command.Name)
            {
                case "rooms":
                    var rooms = await new RoomsScenario(settings, progress).RunAsync(cancellationToken);
                    (line, ok) = (JsonSerializer.Serialize(rooms, RoomsJson.Default.RoomsReport), rooms.Ok);
                    break;
                case "catchup":
                    var catchUp = await new CatchUpScenario(settings, progress).RunAsync(cancellationToken);
                    (line, ok) = (JsonSerializer.Serialize(catchUp, RoomsJson.Default.CatchUpReport), catchUp.Ok);
                    break;
                default:
                    var history = await new HistoryScenario(settings, progress).RunAsync(cancellationToken);
                    (line, ok) = (JsonSerializer.Serialize(history, RoomsJson.Default.HistoryReport), history.Ok);
                    break;
            }

            // The JSON line is the summary too: these scenarios are run by scripts and read by people alike.
            await output.WriteLineAsync(settings.Json ? line : Indent(line));
            return ok ? BenchCommand.Clean : BenchCommand.Unclean;
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or TimeoutException)
        {
            progress.Done();
            await error.WriteLineAsync($"piazza-bench: cannot run against {settings.Server}: {ex.Message}");
            return BenchCommand.BadUsage;
        }
    }

    private static string Indent(string json)
    {
        using var document = JsonDocument.Parse(json);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            document.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static RoomsSettings Bind(ParseResult parse, string name)
    {
        var host = parse.GetValue(Host)!;
        if (!IPAddress.TryParse(host, out var address))
        {
            throw new ArgumentException($"--host must be an IP address ('{host}' is not).");
        }

        var settings = new RoomsSettings
        {
            Server = new IPEndPoint(address, parse.GetValue(Port)),
            Json = parse.GetValue(Json),
            Progress = !parse.GetValue(NoProgress),
            ReadBufferBytes = parse.GetValue(ReadBuffer),
            JoinTimeout = TimeSpan.FromSeconds(parse.GetValue(JoinTimeout)),
            PayloadBytes = parse.GetValue(PayloadBytes),
        };
        switch (name)
        {
            case "rooms":
                var rate = parse.GetValue(Rate)!;
                return settings with
                {
                    Clients = parse.GetValue(Clients),
                    RoomSize = parse.GetValue(RoomSize),
                    Rate = rate.Equals("max", StringComparison.OrdinalIgnoreCase) ? null : double.Parse(rate, CultureInfo.InvariantCulture),
                    Window = parse.GetValue(Window),
                    Duration = TimeSpan.FromSeconds(parse.GetValue(Duration)),
                    Warmup = TimeSpan.FromSeconds(parse.GetValue(Warmup)),
                    DrainTimeout = TimeSpan.FromSeconds(parse.GetValue(DrainTimeout)),
                    ServerPid = parse.GetValue(ServerPid),
                    DataDir = parse.GetValue(DataDir),
                    ConnectConcurrency = parse.GetValue(ConnectConcurrency),
                };
            case "catchup":
                var rooms = parse.GetValue(Rooms);
                var missed = parse.GetValue(Missed);
                if (missed < rooms)
                {
                    throw new ArgumentException($"--missed ({missed}) must be at least --rooms ({rooms}): the client's own left is one event of each room.");
                }

                return settings with { Rooms = rooms, Missed = missed, Rounds = parse.GetValue(Rounds), DrainTimeout = TimeSpan.FromSeconds(parse.GetValue(DrainTimeout)) };
            default:
                return settings with
                {
                    Events = parse.GetValue(Events),
                    Fillers = parse.GetValue(Fillers),
                    Window = parse.GetValue(FillWindow),
                    Pages = parse.GetValue(Pages),
                    PageSize = parse.GetValue(PageSize),
                    Quiet = TimeSpan.FromSeconds(parse.GetValue(Quiet)),
                    ServerPid = parse.GetValue(ServerPid),
                    DataDir = parse.GetValue(DataDir),
                };
        }
    }

    private static Option<int> Int(string name, int defaultValue, string description, int minimum, int maximum = int.MaxValue) =>
        new(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            HelpName = "n",
            CustomParser = r => ParseInt(r, name, minimum, maximum),
        };

    private static int ParseInt(System.CommandLine.Parsing.ArgumentResult result, string name, int minimum, int maximum)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < minimum || value > maximum)
        {
            var rule = maximum == int.MaxValue ? $"a whole number of at least {minimum}" : $"a whole number from {minimum} to {maximum}";
            result.AddError($"{name} must be {rule} ('{text}' is not).");
        }

        return value;
    }

    private static Option<double> Seconds(string name, double defaultValue, string description, bool allowZero = false) =>
        new(name)
        {
            Description = description + " Decimals allowed.",
            DefaultValueFactory = _ => defaultValue,
            HelpName = "seconds",
            CustomParser = r =>
            {
                var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                    || !double.IsFinite(value) || value < 0 || (value == 0 && !allowZero) || value > 86_400)
                {
                    r.AddError($"{name} must be a number of seconds {(allowZero ? "from 0" : "greater than 0 and")} up to 86400 ('{text}' is not).");
                }

                return value;
            },
        };
}
