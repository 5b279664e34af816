using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Piazza.Protocol;

namespace Piazza.Server;

/// <summary>
/// The command line: every option of <see cref="ServerOptions"/>, its default and its rule. Bad
/// values are refused with a sentence that names the option and the rule.
/// </summary>
internal static class ServerCommand
{
    public static readonly Option<string> Host = new("--host")
    {
        Description = "Address or host name to listen on (0.0.0.0 for every IPv4 interface).",
        DefaultValueFactory = _ => "127.0.0.1",
        HelpName = "address",
        CustomParser = result =>
        {
            var host = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            var verdict = EndpointRules.ValidateHost(host);
            if (!verdict.IsValid)
            {
                result.AddError($"--host: {verdict.Message}");
            }

            return host;
        },
    };

    public static readonly Option<int> Port = Count("--port", 5000, "TCP port to listen on.", minimum: 1, maximum: 65535);

    public static readonly Option<int> MaxConnections = Count("--max-connections", 10_000, "Open connections in all.");

    public static readonly Option<int> MaxConnectionsPerIp =
        Count("--max-connections-per-ip", 64, "Open connections per remote address (loopback is exempt).");

    public static readonly Option<double> RateBurst =
        Number("--rate-burst", 10, "Frames a client may send at once before flood control slows it.", "a number of at least 1", v => v >= 1);

    public static readonly Option<double> RatePerSecond =
        Number("--rate-per-second", 5, "Frames per second a client earns back.", "a number greater than 0", v => v > 0);

    public static readonly Option<int> SendQueueBytes =
        Count("--sendq-bytes", 1_048_576, "Bytes that may wait for one client before it is evicted as too slow.", minimum: 1024);

    public static readonly Option<double> PingInterval =
        Seconds("--ping-interval", 20, "Seconds of silence after which the server pings a client.");

    public static readonly Option<double> Timeout =
        Seconds("--timeout", 60, "Seconds of silence after which a client is dropped (reason timeout); longer than --ping-interval.");

    public static readonly Option<double> HelloTimeout =
        Seconds("--hello-timeout", 15, "Seconds a new connection has to join.");

    public static readonly Option<int> History =
        Count("--history", 50, "Recent messages replayed to a newcomer (0 for none).", minimum: 0);

    public static readonly Option<double> SendTimeout =
        Seconds("--send-timeout", 30, "Seconds a client's socket may accept nothing before it is evicted as too slow.");

    public static readonly Option<double> ShutdownGrace =
        Seconds("--shutdown-grace", 1, "Seconds writers may flush on shutdown before connections are cut (at most 1.5, so the server stops within 2 s).", maximum: 1.5);

    public static readonly Option<LogLevel> LogLevelOption = new("--log-level")
    {
        Description = "Least important log level shown: Trace, Debug, Information, Warning, Error, Critical, None. Message text is logged only at Debug and below.",
        DefaultValueFactory = _ => LogLevel.Information,
        HelpName = "level",
    };

    public static RootCommand Create()
    {
        var root = new RootCommand("Piazza chat server: one room, many people, real time.")
        {
            Host, Port, MaxConnections, MaxConnectionsPerIp, RateBurst, RatePerSecond, SendQueueBytes,
            PingInterval, Timeout, HelloTimeout, History, SendTimeout, ShutdownGrace, LogLevelOption,
        };
        return root;
    }

    /// <summary>Rules that involve more than one option; null when the options agree.</summary>
    public static string? CheckCombination(ServerOptions options) =>
        options.Timeout <= options.PingInterval
            ? $"--timeout ({Format(options.Timeout.TotalSeconds)} s) must be longer than --ping-interval ({Format(options.PingInterval.TotalSeconds)} s), or live clients would be dropped before they are pinged."
            : null;

    public static ServerOptions Bind(ParseResult parse) => new()
    {
        Host = parse.GetValue(Host)!,
        Port = parse.GetValue(Port),
        MaxConnections = parse.GetValue(MaxConnections),
        MaxConnectionsPerIp = parse.GetValue(MaxConnectionsPerIp),
        RateBurst = parse.GetValue(RateBurst),
        RatePerSecond = parse.GetValue(RatePerSecond),
        SendQueueBytes = parse.GetValue(SendQueueBytes),
        PingInterval = TimeSpan.FromSeconds(parse.GetValue(PingInterval)),
        Timeout = TimeSpan.FromSeconds(parse.GetValue(Timeout)),
        HelloTimeout = TimeSpan.FromSeconds(parse.GetValue(HelloTimeout)),
        History = parse.GetValue(History),
        SendTimeout = TimeSpan.FromSeconds(parse.GetValue(SendTimeout)),
        ShutdownGrace = TimeSpan.FromSeconds(parse.GetValue(ShutdownGrace)),
    };

    private static Option<int> Count(string name, int defaultValue, string description, int minimum = 1, int maximum = int.MaxValue)
    {
        var rule = maximum == int.MaxValue ? $"a whole number of at least {minimum}" : $"a whole number from {minimum} to {maximum}";
        return new Option<int>(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            HelpName = "n",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                    || value < minimum || value > maximum)
                {
                    result.AddError($"{name} must be {rule} ('{text}' is not).");
                }

                return value;
            },
        };
    }

    private static Option<double> Number(string name, double defaultValue, string description, string rule, Func<double, bool> isValid) =>
        new(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            HelpName = "n",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                    || !double.IsFinite(value) || !isValid(value))
                {
                    result.AddError($"{name} must be {rule} ('{text}' is not).");
                }

                return value;
            },
        };

    private static Option<double> Seconds(string name, double defaultValue, string description, double maximum = 86_400)
    {
        var option = Number(name, defaultValue, description + " Decimals allowed.",
            $"a number of seconds greater than 0 and at most {Format(maximum)}", v => v > 0 && v <= maximum);
        option.HelpName = "seconds";
        return option;
    }

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
