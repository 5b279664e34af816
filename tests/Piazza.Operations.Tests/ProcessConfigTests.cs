using System.Globalization;
using System.Text.Json;

namespace Piazza.Operations.Tests;

/// <summary>The real server process with a configuration file, variables and options; check-config; the log format.</summary>
public sealed class ProcessConfigTests
{
    private const int BadConfig = 2;

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_port_comes_from_the_command_line_else_the_environment_else_the_file()
    {
        int filePort = Ports.Free(), environmentPort = Ports.Free(), commandLinePort = Ports.Free();
        using var file = new TempFile($"{{ \"port\": {filePort}, \"store\": \"memory\" }}");
        var environment = new Dictionary<string, string> { ["PIAZZA_PORT"] = Text(environmentPort) };

        await using (var all = ServerProcess.Start(["--config", file.Path, "--port", Text(commandLinePort)], environment))
        {
            Assert.Contains($"127.0.0.1:{commandLinePort}", await all.WaitUntilListeningAsync(), StringComparison.Ordinal);
        }

        await using (var noCommandLine = ServerProcess.Start(["--config", file.Path], environment))
        {
            Assert.Contains($"127.0.0.1:{environmentPort}", await noCommandLine.WaitUntilListeningAsync(), StringComparison.Ordinal);
        }

        await using var fileOnly = ServerProcess.Start(["--config", file.Path], new Dictionary<string, string>());
        Assert.Contains($"127.0.0.1:{filePort}", await fileOnly.WaitUntilListeningAsync(), StringComparison.Ordinal);
        Assert.Contains($"Configuration read from {file.Path}", fileOnly.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_file_stops_the_start_with_exit_code_2_and_one_sentence_naming_key_file_and_line()
    {
        using var file = new TempFile("{\n  \"port\": 5000,\n  \"max-rooms\": \"many\"\n}");
        await using var server = ServerProcess.Start(["--config", file.Path], new Dictionary<string, string>());
        await server.WaitForExitAsync();

        Assert.Equal(BadConfig, server.Process.ExitCode);
        Assert.Equal($"piazza-server: {file.Path}, line 3, key \"max-rooms\": --max-rooms must be a whole number of at least 1 ('many' is not).",
            server.Stderr.Trim());
        Assert.DoesNotContain("Listening", server.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_variable_stops_the_start_with_exit_code_2_naming_it()
    {
        await using var server = ServerProcess.Start([], new Dictionary<string, string> { ["PIAZZA_TIMEOUT"] = "-1" });
        await server.WaitForExitAsync();

        Assert.Equal(BadConfig, server.Process.ExitCode);
        Assert.StartsWith("piazza-server: PIAZZA_TIMEOUT in the environment: --timeout must be", server.Stderr.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_config_accepts_the_example_and_refuses_a_bad_file_without_starting()
    {
        var example = Path.Combine(RepositoryPaths.Root, "docs", "piazza.example.jsonc");
        await using (var good = await ServerProcess.RunToExitAsync("check-config", example))
        {
            Assert.True(good.Process.ExitCode == 0, good.Stderr);
            Assert.StartsWith($"{example}: ok", good.Stdout.Trim(), StringComparison.Ordinal);
        }

        using var file = new TempFile("{\n  \"ping-interval\": 30,\n  \"timeout\": 20,\n  \"colour\": 1\n}");
        await using (var bad = await ServerProcess.RunToExitAsync("check-config", file.Path))
        {
            Assert.Equal(BadConfig, bad.Process.ExitCode);
            Assert.Contains($"{file.Path}, line 4: unknown key \"colour\"", bad.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("Listening", bad.Stdout, StringComparison.Ordinal);
        }

        // Each value good, but together they disagree.
        file.Write("{ \"ping-interval\": 30, \"timeout\": 20 }");
        await using var conflicting = await ServerProcess.RunToExitAsync("check-config", file.Path);
        Assert.Equal(BadConfig, conflicting.Process.ExitCode);
        Assert.Contains("--timeout (20 s) must be longer than --ping-interval (30 s)", conflicting.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_logs_are_one_object_per_line_with_the_event_id()
    {
        await using var server = ServerProcess.Start(["--port", Text(Ports.Free()), "--log-format", "json", "--store", "memory"], new Dictionary<string, string>());
        await server.WaitUntilListeningAsync();
        server.Signal(Signals.SigTerm);
        await server.WaitForExitAsync();

        var lines = server.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.NotEmpty(lines);
        var events = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var listening = Assert.Single(events, e => e.GetProperty("Message").GetString()!.StartsWith("Listening on", StringComparison.Ordinal));
        Assert.Equal(1, listening.GetProperty("EventId").GetInt32());
        Assert.Equal("Information", listening.GetProperty("LogLevel").GetString());
        Assert.Equal("Piazza.Server", listening.GetProperty("Category").GetString());
        Assert.True(listening.TryGetProperty("Timestamp", out _));
    }
}
