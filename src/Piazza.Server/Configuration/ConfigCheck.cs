using System.CommandLine;

namespace Piazza.Server.Configuration;

/// <summary><c>piazza-server check-config FILE</c>: the file's verdict, without starting anything.</summary>
internal static class ConfigCheck
{
    private const int BadConfig = 2;

    public static bool IsChosen(ParseResult parse) => parse.CommandResult.Command.Name == OperationsOptions.CheckConfigName;

    /// <summary>Checks the file alone (not the environment): every key known, every value within its rule, the options in agreement.</summary>
    public static async Task<int> RunAsync(Command root, ParseResult parse, TextWriter output, TextWriter error)
    {
        var path = parse.GetValue(OperationsOptions.CheckConfigFile)!;
        var composed = ConfigLayers.Compose(root, [], root.Parse([]), _ => null, path);
        if (composed.Errors.Count > 0)
        {
            foreach (var sentence in composed.Errors)
            {
                await error.WriteLineAsync($"piazza-server: {sentence}");
            }

            return BadConfig;
        }

        var settings = root.Parse(composed.Arguments);
        var options = OperationsOptions.Bind(settings, ServerCommand.Bind(settings));
        if (ServerCommand.CheckCombination(options) is { } conflict)
        {
            await error.WriteLineAsync($"piazza-server: {path}: {conflict}");
            return BadConfig;
        }

        await output.WriteLineAsync($"{path}: ok");
        return 0;
    }
}
