using System.Globalization;
using System.Text.Json;
using Piazza.Bench;

namespace Piazza.Bench.Tests;

/// <summary>Runs the bench's command line in this process and captures what it prints.</summary>
internal sealed record BenchRun(int ExitCode, string Output, string Error)
{
    public static async Task<BenchRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var code = await BenchCommand.RunAsync(args, output, error, interactive: false, timeout.Token);
        return new BenchRun(code, output.ToString(), error.ToString());
    }

    /// <summary>The single JSON line of a <c>--json</c> run.</summary>
    public JsonElement Json()
    {
        var lines = Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected exactly one line on standard output, got {lines.Length}:\n{Output}\nstderr:\n{Error}");
        using var document = JsonDocument.Parse(lines[0]);
        return document.RootElement.Clone();
    }

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
