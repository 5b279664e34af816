using System.Globalization;
using System.Text.Json;
using Piazza.Bench;

namespace Piazza.Operations.Tests;

/// <summary>The bench's command line run in this process, its JSON line returned.</summary>
internal static class BenchRun
{
    public static async Task<JsonElement> RunAsync(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var code = await BenchCommand.RunAsync(args, output, error, interactive: false, timeout.Token);
        Assert.True(code == 0, $"bench exit {code}\n{output}\n{error}");
        using var document = JsonDocument.Parse(output.ToString().Trim());
        return document.RootElement.Clone();
    }
}
