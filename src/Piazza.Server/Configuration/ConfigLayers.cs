using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;

namespace Piazza.Server.Configuration;

/// <summary>The command line the server runs with, once the environment and the file have added theirs.</summary>
/// <param name="Arguments">The command line, then <c>--option=value</c> for each setting taken from the environment or the file.</param>
/// <param name="Errors">One sentence per refused setting, naming it and where it came from; empty when all are good.</param>
/// <param name="ConfigPath">The configuration file read, if any.</param>
internal sealed record ComposedArguments(IReadOnlyList<string> Arguments, IReadOnlyList<string> Errors, string? ConfigPath);

/// <summary>
/// Where each server option may come from, whatever the option: the command line first, then the
/// environment (<c>--max-rooms</c> is <c>PIAZZA_MAX_ROOMS</c>), then the configuration file (key
/// <c>max-rooms</c>), then the default. It works from the options declared on the command, so an
/// option added there is settable everywhere with no more code; each value from the environment or
/// the file goes through the option's own parser, so its rule and sentence are the command line's.
/// </summary>
internal static class ConfigLayers
{
    /// <summary>What every server variable begins with.</summary>
    public const string EnvironmentPrefix = "PIAZZA_";

    /// <summary>The options a file or the environment may set: all but help, version and <c>--config</c> itself.</summary>
    public static IEnumerable<Option> Settable(Command root) =>
        root.Options.Where(o => o is not HelpOption and not VersionOption && !ReferenceEquals(o, OperationsOptions.Config));

    /// <summary>The file key of an option: its name without the dashes (<c>max-rooms</c>).</summary>
    public static string KeyOf(Option option) => option.Name.TrimStart('-');

    /// <summary>The environment variable of an option (<c>PIAZZA_MAX_ROOMS</c>).</summary>
    public static string VariableOf(Option option) => EnvironmentPrefix + KeyOf(option).Replace('-', '_').ToUpperInvariant();

    /// <summary>The configuration file named on the command line, else by <c>PIAZZA_CONFIG</c>; null for none.</summary>
    public static string? ConfigPath(ParseResult commandLine, Func<string, string?> environment)
    {
        if (commandLine.GetResult(OperationsOptions.Config) is { Implicit: false })
        {
            return commandLine.GetValue(OperationsOptions.Config);
        }

        var variable = environment(VariableOf(OperationsOptions.Config));
        return string.IsNullOrEmpty(variable) ? null : variable;
    }

    /// <summary>
    /// Adds to <paramref name="arguments"/> every setting that the environment or the file at
    /// <paramref name="configPath"/> gives and the command line does not. An empty variable
    /// counts as unset.
    /// </summary>
    public static ComposedArguments Compose(Command root, IReadOnlyList<string> arguments, ParseResult commandLine,
        Func<string, string?> environment, string? configPath)
    {
        var errors = new List<string>();
        var settable = Settable(root).ToList();
        var byKey = settable.ToDictionary(KeyOf, StringComparer.Ordinal);
        var fromFile = new Dictionary<Option, ConfigEntry>();
        ConfigFile? file = null;
        if (configPath is not null)
        {
            try
            {
                file = ConfigFile.Load(configPath);
            }
            catch (ConfigException ex)
            {
                return new ComposedArguments(arguments, [ex.Message], configPath);
            }

            foreach (var entry in file.Entries)
            {
                if (byKey.TryGetValue(entry.Key, out var option))
                {
                    fromFile[option] = entry;
                }
                else
                {
                    errors.Add($"{file.Path}, line {entry.Line}: unknown key \"{entry.Key}\"{Suggest(entry.Key, byKey.Keys)}.");
                }
            }
        }

        var added = new List<string>();
        foreach (var option in settable)
        {
            if (commandLine.GetResult(option) is { Implicit: false })
            {
                continue;
            }

            var variable = VariableOf(option);
            var fromEnvironment = environment(variable);
            if (!string.IsNullOrEmpty(fromEnvironment))
            {
                string[] tokens = [$"{option.Name}={fromEnvironment}"];
                if (Check(root, tokens) is { } error)
                {
                    errors.Add($"{variable} in the environment: {error}");
                }
                else
                {
                    added.AddRange(tokens);
                }

                continue;
            }

            if (fromFile.TryGetValue(option, out var entry))
            {
                var tokens = entry.Values.Select(v => $"{option.Name}={v}").ToArray();
                if (tokens.Length > 1 && option.Arity.MaximumNumberOfValues <= 1)
                {
                    errors.Add($"{file!.Path}, line {entry.Line}, key \"{entry.Key}\": takes one value, not a list.");
                }
                else if (Check(root, tokens) is { } error)
                {
                    errors.Add($"{file!.Path}, line {entry.Line}, key \"{entry.Key}\": {error}");
                }
                else
                {
                    added.AddRange(tokens);
                }
            }
        }

        return new ComposedArguments([.. arguments, .. added], errors, file?.Path);
    }

    /// <summary>The option's own verdict on <paramref name="tokens"/>: its first error sentence, or null.</summary>
    private static string? Check(Command root, string[] tokens)
    {
        var parse = root.Parse(tokens);
        return parse.Errors.Count == 0 ? null : parse.Errors[0].Message;
    }

    /// <summary>" (did you mean "max-rooms"?)" for a near miss (another spelling, a typing slip), else nothing.</summary>
    private static string Suggest(string key, IEnumerable<string> known)
    {
        static string Squash(string s) => new([.. s.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);
        var squashed = Squash(key);
        var best = known
            .Select(k => (Key: k, Distance: Squash(k) == squashed ? 0 : Distance(key.ToLowerInvariant(), k)))
            .OrderBy(c => c.Distance)
            .FirstOrDefault();
        return best.Key is not null && best.Distance <= 2
            ? $" (did you mean \"{best.Key}\"?)"
            : " (every key is listed in docs/piazza.example.jsonc, or run with --help)";
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
