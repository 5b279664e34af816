using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Piazza.Protocol;

namespace Piazza.Bench;

/// <summary>
/// The command line: <c>fanout</c> and <c>idle</c> (the version 2 scenarios are in <see cref="RoomsCommands"/>), each option with its default and rule. Exit
/// codes: 0 for a clean run, 1 when the run saw loss, disorder, errors or lost connections, 2 for
/// bad options or a server that could not be reached.
/// </summary>
internal static class BenchCommand
{
    public const int Clean = 0;
    public const int Unclean = 1;
    public const int BadUsage = 2;

    private static readonly Option<string> Host = new("--host")
    {
        Description = "Server address (an IP address or a name).",
        DefaultValueFactory = _ => "127.0.0.1",
        HelpName = "address",
    };

    private static readonly Option<int[]> Port = new("--port")
    {
        Description = "Server port, or several separated by commas (nodes sharing one store): clients are assigned to them in turn.",
        DefaultValueFactory = _ => [5000],
        HelpName = "port[,port...]",
        CustomParser = ParsePorts,
    };

    private static readonly Option<int> Clients = Int("--clients", 100, "Connections that join the room.", 2);
    private static readonly Option<int> IdleClients = Int("--clients", 1000, "Connections that join the room and stay quiet.", 1);
    private static readonly Option<int> Senders = Int("--senders", 10, "How many of the clients send.", 1);
    private static readonly Option<int> Window = Int("--window", 256, "With --rate max: messages not yet delivered to every receiver.", 1);
    private static readonly Option<int> PayloadBytes = Int("--payload", 100, $"Message text length in bytes (at least {Payload.MinimumLength}, at most {ProtocolLimits.MaxTextScalars}).", Payload.MinimumLength, ProtocolLimits.MaxTextScalars);
    private static readonly Option<int> ConnectConcurrency = Int("--connect-concurrency", 512, "Connections being opened and joining at once (more joins in flight let the server batch the joined announcements).", 1);
    private static readonly Option<int> WarmupClients = Int("--warmup-clients", 200, "Clients that join and leave before the baseline memory is read (0 for none).", 0);
    private static readonly Option<int> ReadBuffer = Int("--read-buffer", 32 * 1024, "Receive buffer per client, in bytes.", 256);
    private static readonly Option<int> IdleReadBuffer = Int("--read-buffer", 16 * 1024, "Receive buffer, in bytes, borrowed while a client has data.", 256);
    private static readonly Option<int?> SourceAddresses = OptionalInt("--source-addresses", $"Spread clients over this many source addresses 127.0.0.1, 127.0.0.2, ... (default: one per {ClientSet.ClientsPerSourceAddress:N0} clients).", "n", 1, 65_000);
    private static readonly Option<int?> ServerPid = OptionalInt("--server-pid", "The server's process id on this machine: report its CPU and memory from /proc.", "pid", 1, int.MaxValue);

    private static readonly Option<string> Rate = new("--rate")
    {
        Description = "Total messages per second offered by all senders together (open loop), or 'max' for a closed loop with --window.",
        DefaultValueFactory = _ => "200",
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
    private static readonly Option<double> DrainTimeout = Seconds("--drain-timeout", 10, "Seconds to wait for the last deliveries after sending stops.");
    private static readonly Option<double> Hold = Seconds("--hold", 10, "Seconds the members stay quiet before the server's memory is read.");
    private static readonly Option<double> SettleTimeout = Seconds("--settle-timeout", 600, "Seconds to wait for every joined announcement to reach every member.");
    private static readonly Option<double> JoinTimeout = Seconds("--join-timeout", 60, "Seconds one client waits for its welcome.");
    private static readonly Option<bool> Json = new("--json") { Description = "Print one machine-readable JSON line instead of the summary." };
    private static readonly Option<bool> IrcMode = new("--irc") { Description = "Fanout only: the clients speak IRC (NICK/USER, JOIN, PRIVMSG) to an IRC server, such as Piazza's --irc-port." };
    private static readonly Option<string> IrcChannel = new("--irc-channel")
    {
        Description = "With --irc: the channel every client joins.",
        DefaultValueFactory = _ => "#bench",
        HelpName = "#channel",
        CustomParser = r =>
        {
            var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (text.Length < 2 || text[0] != '#' || text.Any(c => c is ' ' or ',' or '\r' or '\n' or '\0'))
            {
                r.AddError($"--irc-channel must be # and a name without spaces or commas ('{text}' is not).");
            }

            return text;
        },
    };
    private static readonly Option<bool> NoProgress = new("--no-progress") { Description = "No live progress line on standard error." };

    public static RootCommand Create()
    {
        var fanout = new Command("fanout", "N clients in the room, S of them sending; latency, deliveries/s, loss and order.")
        {
            Host, Port, Clients, Senders, Rate, Window, Duration, Warmup, PayloadBytes, DrainTimeout, SettleTimeout,
            ServerPid, Json, NoProgress, ConnectConcurrency, SourceAddresses, ReadBuffer, JoinTimeout, IrcMode, IrcChannel,
        };
        var idle = new Command("idle", "N members join and stay quiet; the server's memory per connection (with --server-pid).")
        {
            Host, Port, IdleClients, Hold, WarmupClients, SettleTimeout, ServerPid, Json, NoProgress, ConnectConcurrency, SourceAddresses,
            IdleReadBuffer, JoinTimeout,
        };
        var root = new RootCommand("Piazza load generator: measures a running Piazza server from outside, over the wire contract.")
        {
            fanout, idle,
        };
        foreach (var command in RoomsCommands.Create())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>Parses, runs the scenario and writes the summary or JSON to <paramref name="output"/>.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, bool interactive, CancellationToken cancellationToken)
    {
        var root = Create();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                await error.WriteLineAsync($"piazza-bench: {problem.Message}");
            }

            await error.WriteLineAsync("Run with --help to see every option and its default.");
            return BadUsage;
        }

        var command = parse.CommandResult.Command;
        if (command == root || parse.Tokens.Any(t => t.Value is "--help" or "-h" or "-?"))
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
        }

        if (RoomsCommands.Handles(command))
        {
            return await RoomsCommands.RunAsync(parse, command, output, error, interactive, cancellationToken);
        }

        BenchSettings settings;
        try
        {
            settings = await BindAsync(parse, command.Name == "idle", cancellationToken);
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync($"piazza-bench: {ex.Message}");
            return BadUsage;
        }

        if (ServerProbe.OpenFileLimit() is { } limit && limit < settings.Clients + 64)
        {
            await error.WriteLineAsync($"piazza-bench: warning: the open-file limit is {limit}, too low for {settings.Clients} clients; raise it (ulimit -n) for this shell and the server's.");
        }

        var progress = new ProgressLine(error, settings.Progress, interactive);
        try
        {
            if (command.Name == "idle")
            {
                var report = await new IdleScenario(settings, progress).RunAsync(cancellationToken);
                await output.WriteAsync(settings.Json
                    ? JsonSerializer.Serialize(report, BenchJson.Default.IdleReport) + Environment.NewLine
                    : Summary.Of(report));
                return report.Ok ? Clean : Unclean;
            }
            else
            {
                var report = settings.Irc
                    ? await new Irc.IrcFanoutScenario(settings, progress).RunAsync(cancellationToken)
                    : await new FanoutScenario(settings, progress).RunAsync(cancellationToken);
                await output.WriteAsync(settings.Json
                    ? JsonSerializer.Serialize(report, BenchJson.Default.FanoutReport) + Environment.NewLine
                    : Summary.Of(report));
                return report.Ok ? Clean : Unclean;
            }
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or TimeoutException)
        {
            progress.Done();
            await error.WriteLineAsync($"piazza-bench: cannot run against {(settings.Servers.Count > 1 ? string.Join(", ", settings.Servers) : settings.Server)}: {ex.Message}");
            return BadUsage;
        }
    }

    private static async Task<BenchSettings> BindAsync(ParseResult parse, bool idle, CancellationToken cancellationToken)
    {
        var host = parse.GetValue(Host)!;
        IPAddress address;
        if (!IPAddress.TryParse(host, out address!))
        {
            var verdict = EndpointRules.ValidateHost(host);
            if (!verdict.IsValid)
            {
                throw new ArgumentException($"--host: {verdict.Message}");
            }

            var found = await System.Net.Dns.GetHostAddressesAsync(host, cancellationToken);
            address = found.FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) ?? found.FirstOrDefault()
                ?? throw new ArgumentException($"--host: the name '{host}' does not resolve to an address.");
        }

        var common = new BenchSettings
        {
            Server = new IPEndPoint(address, parse.GetValue(Port)![0]),
            Servers = [.. parse.GetValue(Port)!.Select(port => new IPEndPoint(address, port))],
            ServerPid = parse.GetValue(ServerPid),
            Json = parse.GetValue(Json),
            Progress = !parse.GetValue(NoProgress),
            ConnectConcurrency = parse.GetValue(ConnectConcurrency),
            SourceAddresses = parse.GetValue(SourceAddresses),
            JoinTimeout = TimeSpan.FromSeconds(parse.GetValue(JoinTimeout)),
            SettleTimeout = TimeSpan.FromSeconds(parse.GetValue(SettleTimeout)),
        };
        if (idle)
        {
            return common with
            {
                Clients = parse.GetValue(IdleClients),
                Hold = TimeSpan.FromSeconds(parse.GetValue(Hold)),
                WarmupClients = parse.GetValue(WarmupClients),
                ReadBufferBytes = parse.GetValue(IdleReadBuffer),
            };
        }

        var clients = parse.GetValue(Clients);
        var senders = parse.GetValue(Senders);
        if (senders > clients)
        {
            throw new ArgumentException($"--senders ({senders}) must not exceed --clients ({clients}): the senders are among the clients.");
        }

        var rate = parse.GetValue(Rate)!;
        return common with
        {
            Clients = clients,
            Senders = senders,
            Rate = rate.Equals("max", StringComparison.OrdinalIgnoreCase) ? null : double.Parse(rate, CultureInfo.InvariantCulture),
            Window = parse.GetValue(Window),
            Duration = TimeSpan.FromSeconds(parse.GetValue(Duration)),
            Warmup = TimeSpan.FromSeconds(parse.GetValue(Warmup)),
            PayloadBytes = parse.GetValue(PayloadBytes),
            DrainTimeout = TimeSpan.FromSeconds(parse.GetValue(DrainTimeout)),
            ReadBufferBytes = parse.GetValue(ReadBuffer),
            Irc = parse.GetValue(IrcMode),
            IrcChannel = parse.GetValue(IrcChannel)!,
        };
    }

    private static Option<int> Int(string name, int defaultValue, string description, int minimum, int maximum = int.MaxValue) =>
        new(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            HelpName = "n",
            CustomParser = r => ParseInt(r, name, minimum, maximum),
        };

    /// <summary>An option without a default: null when not given.</summary>
    private static Option<int?> OptionalInt(string name, string description, string helpName, int minimum, int maximum) =>
        new(name)
        {
            Description = description,
            HelpName = helpName,
            CustomParser = r => ParseInt(r, name, minimum, maximum),
        };

    private static int[] ParsePorts(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        var ports = new List<int>();
        foreach (var part in text.Split(','))
        {
            if (!int.TryParse(part.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port < 1 || port > 65535)
            {
                result.AddError($"--port must be a port from 1 to 65535, or several separated by commas ('{text}' is not).");
                return [5000];
            }

            ports.Add(port);
        }

        return [.. ports];
    }

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
