using System.CommandLine;
using System.Globalization;
using Piazza.Protocol;

namespace Piazza.Server;

/// <summary>
/// The options for running the server as a service: the configuration file, the metrics port and
/// the log format, and the <c>check-config</c> command. Every option here, like every other, can
/// also come from the environment or the file (<see cref="Configuration.ConfigLayers"/>).
/// </summary>
internal static class OperationsOptions
{
    /// <summary>The name of the command that checks a configuration file.</summary>
    public const string CheckConfigName = "check-config";

    public static readonly Option<string?> Config = new("--config")
    {
        Description = "A configuration file (JSON with comments; keys are these options without the dashes). The command line wins over the environment (PIAZZA_<OPTION>), which wins over the file.",
        HelpName = "file",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (string.IsNullOrWhiteSpace(text))
            {
                result.AddError("--config must name a configuration file.");
            }

            return text;
        },
    };

    public static readonly Option<int?> MetricsPort = new("--metrics-port")
    {
        Description = "Serve Prometheus metrics (/metrics) and health (/healthz, /readyz) over HTTP on this port; 0 picks a free one. Default: off.",
        HelpName = "n",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value is < 0 or > 65535)
            {
                result.AddError($"--metrics-port must be a whole number from 0 to 65535 ('{text}' is not).");
            }

            return value;
        },
    };

    public static readonly Option<string> MetricsHost = new("--metrics-host")
    {
        Description = "Address the metrics port listens on; loopback by default, so only this machine can read it.",
        DefaultValueFactory = _ => "127.0.0.1",
        HelpName = "address",
        CustomParser = result =>
        {
            var host = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            var verdict = EndpointRules.ValidateHost(host);
            if (!verdict.IsValid)
            {
                result.AddError($"--metrics-host: {verdict.Message}");
            }

            return host;
        },
    };

    public static readonly Option<string> LogFormat = new("--log-format")
    {
        Description = "text: one readable line per event; json: one JSON object per line (with the event id) for log collectors.",
        DefaultValueFactory = _ => "text",
        HelpName = "text|json",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            var value = text.Trim().ToLowerInvariant();
            if (value is not ("text" or "json"))
            {
                result.AddError($"--log-format must be text or json ('{text}' is not).");
            }

            return value;
        },
    };

    /// <summary>The file <c>check-config</c> checks.</summary>
    public static readonly Argument<string> CheckConfigFile = new("file") { Description = "The configuration file to check." };

    /// <summary>Adds these options and the <c>check-config</c> command to the server's command.</summary>
    public static void AddTo(RootCommand root)
    {
        root.Options.Add(Config);
        root.Options.Add(MetricsPort);
        root.Options.Add(MetricsHost);
        root.Options.Add(LogFormat);
        var check = new Command(CheckConfigName, "Check a configuration file (every key known, every value within its rule) without starting the server; exit 0 if it is good, 2 if not.")
        {
            CheckConfigFile,
        };
        check.SetAction(_ => 0);
        root.Subcommands.Add(check);
    }

    /// <summary>Adds these options' values to <paramref name="options"/>.</summary>
    public static ServerOptions Bind(ParseResult parse, ServerOptions options) => options with
    {
        MetricsPort = parse.GetValue(MetricsPort),
        MetricsHost = parse.GetValue(MetricsHost)!,
        LogFormat = parse.GetValue(LogFormat)!,
    };
}
