using System.Collections;
using System.Collections.Frozen;
using System.CommandLine;
using Microsoft.Extensions.Logging;
using Piazza.Server.Configuration;

namespace Piazza.Server.Hosting;

/// <summary>
/// SIGHUP: the configuration is composed again from the same command line, the environment and
/// the file as it is now. What can change safely is applied; an option that changed but cannot
/// (a port, the store) is logged as needing a restart; a bad file changes nothing.
/// </summary>
internal sealed class Reloader(Command root, IReadOnlyList<string> arguments, ParseResult startedWith, ChatServer server,
    LogLevelSwitch level, ILogger logger)
{
    /// <summary>The options a reload applies (by file key); every other one needs a restart.</summary>
    public static readonly FrozenSet<string> Reloadable = FrozenSet.Create(StringComparer.Ordinal,
        "max-connections", "max-connections-per-ip", "history", "replay-max", "max-rooms-per-connection", "max-rooms",
        "guests", "admins", "log-level", "tls-cert", "tls-key");

    private readonly Lock _gate = new();
    private readonly ParseResult _started = startedWith;
    private ParseResult _applied = startedWith;

    /// <summary>Reloads once; the outcome is logged. Safe to call from any thread.</summary>
    public void Reload()
    {
        lock (_gate)
        {
            logger.Reloading();
            var commandLine = root.Parse(arguments);
            var composed = ConfigLayers.Compose(root, arguments, commandLine, Environment.GetEnvironmentVariable,
                ConfigLayers.ConfigPath(commandLine, Environment.GetEnvironmentVariable));
            if (composed.Errors.Count > 0)
            {
                logger.ReloadRefused(string.Join(" ", composed.Errors));
                return;
            }

            var next = root.Parse(composed.Arguments);
            if (next.Errors.Count > 0)
            {
                logger.ReloadRefused(next.Errors[0].Message);
                return;
            }

            var options = OperationsOptions.Bind(next, ServerCommand.Bind(next));
            if (ServerCommand.CheckCombination(options) is { } conflict)
            {
                logger.ReloadRefused(conflict);
                return;
            }

            bool certificateRead;
            try
            {
                certificateRead = server.Reload(options);
            }
            catch (ServerStartException ex)
            {
                logger.ReloadRefused(ex.Message);
                return;
            }

            level.Level = next.GetValue(ServerCommand.LogLevelOption);
            var settable = ConfigLayers.Settable(root).ToList();
            foreach (var option in settable.Where(o => !AppliesWhileRunning(o) && !Same(_started, next, o)))
            {
                logger.ReloadNeedsRestart(option.Name);
            }

            var changes = settable
                .Where(o => AppliesWhileRunning(o) && !Same(_applied, next, o))
                .Select(o => $"{o.Name} {Describe(ValueOf(next, o))}")
                .ToList();
            if (certificateRead)
            {
                changes.Add("the TLS certificate files read again");
            }

            _applied = next;
            logger.Reloaded(changes.Count == 0 ? "nothing that can change while running has changed" : string.Join(", ", changes));
        }
    }

    /// <summary>Whether a change to <paramref name="option"/> is applied; certificate files only replace a certificate from files.</summary>
    private bool AppliesWhileRunning(Option option) => ConfigLayers.KeyOf(option) switch
    {
        "tls-cert" or "tls-key" => server.ReloadsCertificateFiles,
        var key => Reloadable.Contains(key),
    };

    private static object? ValueOf(ParseResult parse, Option option) => parse.GetResult(option)?.GetValueOrDefault<object?>();

    private static bool Same(ParseResult a, ParseResult b, Option option)
    {
        var x = ValueOf(a, option);
        var y = ValueOf(b, option);
        return x is IEnumerable xs and not string && y is IEnumerable ys and not string
            ? xs.Cast<object?>().SequenceEqual(ys.Cast<object?>())
            : Equals(x, y);
    }

    private static string Describe(object? value) => value switch
    {
        null => "(unset)",
        string text => text,
        IEnumerable items => string.Join(",", items.Cast<object?>()),
        IFormattable number => number.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
