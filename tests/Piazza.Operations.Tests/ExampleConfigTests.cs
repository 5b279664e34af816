using System.Collections;
using Piazza.Server.Configuration;

namespace Piazza.Operations.Tests;

/// <summary>docs/piazza.example.jsonc: every option, each with its default, and a file the server accepts.</summary>
public sealed class ExampleConfigTests
{
    private static string ExamplePath => Path.Combine(RepositoryPaths.Root, "docs", "piazza.example.jsonc");

    [Fact]
    public void Every_option_of_the_server_appears_in_the_example()
    {
        var text = File.ReadAllText(ExamplePath);
        var missing = Configs.Settable().Select(ConfigLayers.KeyOf).Where(key => !text.Contains($"\"{key}\":", StringComparison.Ordinal)).ToList();

        Assert.True(missing.Count == 0, $"docs/piazza.example.jsonc lacks {string.Join(", ", missing)}: add each with its default and a comment.");
    }

    [Fact]
    public void The_example_is_a_configuration_the_server_accepts()
    {
        var composed = Configs.Compose(["--config", ExamplePath]);

        Assert.Empty(composed.Errors);
        Assert.True(composed.Arguments.Count >= 25, $"only {composed.Arguments.Count} settings read from the example");
    }

    [Fact]
    public void Every_value_set_in_the_example_is_the_options_default()
    {
        var options = Configs.Settable().ToDictionary(ConfigLayers.KeyOf, StringComparer.Ordinal);
        foreach (var entry in ConfigFile.Load(ExamplePath).Entries)
        {
            var option = options[entry.Key];
            var given = Configs.ValueOf(option, [.. entry.Values.Select(v => $"{option.Name}={v}")]);
            var standard = Configs.Default(option);
            Assert.True(Same(standard, given), $"\"{entry.Key}\" on line {entry.Line} is {given}, but the default is {standard}");
        }
    }

    [Fact]
    public void Every_comment_line_that_sets_an_option_names_a_real_one()
    {
        var keys = Configs.Settable().Select(ConfigLayers.KeyOf).ToHashSet(StringComparer.Ordinal);
        var commented = File.ReadAllLines(ExamplePath)
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("// \"", StringComparison.Ordinal) && l.Contains("\":", StringComparison.Ordinal))
            .Select(l => l[4..l.IndexOf('"', 4)])
            .ToList();

        Assert.NotEmpty(commented);
        Assert.All(commented, key => Assert.Contains(key, keys));
    }

    private static bool Same(object? a, object? b) =>
        a is IEnumerable xs and not string && b is IEnumerable ys and not string
            ? xs.Cast<object?>().SequenceEqual(ys.Cast<object?>())
            : Equals(a, b);
}
