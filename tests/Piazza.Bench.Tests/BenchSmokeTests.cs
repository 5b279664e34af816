using System.Globalization;
using System.Text.Json;

namespace Piazza.Bench.Tests;

/// <summary>
/// A quick run of every scenario against a real in-process server, so the tool cannot rot. Only
/// correctness is asserted (nothing lost, sane figures); timing is for real benchmark runs.
/// </summary>
public sealed class BenchSmokeTests
{
    private static readonly string Pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    private static Task<TestServer> StartServerAsync() => TestServer.StartAsync(o => o with
    {
        // The senders send faster than the default flood control allows.
        RateBurst = 100_000,
        RatePerSecond = 100_000,
        // Short keepalive, so the idle run proves that the clients answer pings.
        PingInterval = TimeSpan.FromMilliseconds(300),
        Timeout = TimeSpan.FromSeconds(2),
    });

    [Fact]
    public async Task Open_loop_fanout_delivers_every_message_to_every_other_member()
    {
        await using var server = await StartServerAsync();
        var run = await BenchRun.RunAsync("fanout", "--port", Port(server), "--clients", "6", "--senders", "2",
            "--rate", "100", "--duration", "1", "--warmup", "0.2", "--server-pid", Pid, "--json", "--no-progress");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal("fanout", json.GetProperty("scenario").GetString());
        Assert.Equal("open", json.GetProperty("mode").GetString());
        var sent = json.GetProperty("sent").GetInt64();
        Assert.InRange(sent, 50, 1000);
        Assert.Equal(sent, json.GetProperty("acked").GetInt64());
        Assert.Equal(sent * 5, json.GetProperty("expectedDeliveries").GetInt64());
        Assert.Equal(sent * 5, json.GetProperty("deliveries").GetInt64());
        Assert.Equal(0, json.GetProperty("lost").GetInt64());
        Assert.Equal(0, json.GetProperty("outOfOrder").GetInt64());
        Assert.Equal(0, json.GetProperty("errors").GetInt64());
        Assert.True(json.GetProperty("ok").GetBoolean());
        AssertSaneLatency(json.GetProperty("latencyMs"));
        Assert.True(json.GetProperty("deliveriesPerSecond").GetDouble() > 0);
        var figures = json.GetProperty("server");
        Assert.Equal(Environment.ProcessId, figures.GetProperty("pid").GetInt32());
        Assert.True(figures.GetProperty("peakRssKiB").GetInt64() > 0);
        Assert.True(figures.GetProperty("cpuSeconds").GetDouble() >= 0);
        await Eventually.TrueAsync(() => server.Server.MemberCount == 0, what: "the bench's members to leave");
    }

    [Fact]
    public async Task Closed_loop_fanout_keeps_the_window_and_loses_nothing()
    {
        await using var server = await StartServerAsync();
        var run = await BenchRun.RunAsync("fanout", "--port", Port(server), "--clients", "5", "--senders", "2",
            "--rate", "max", "--window", "8", "--duration", "0.5", "--warmup", "0", "--json", "--no-progress");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal("closed", json.GetProperty("mode").GetString());
        Assert.Equal(8, json.GetProperty("window").GetInt32());
        var sent = json.GetProperty("sent").GetInt64();
        Assert.True(sent > 0);
        Assert.Equal(sent * 4, json.GetProperty("deliveries").GetInt64());
        Assert.Equal(0, json.GetProperty("lost").GetInt64());
        Assert.Equal(0, json.GetProperty("outOfOrder").GetInt64());
        AssertSaneLatency(json.GetProperty("latencyMs"));
        Assert.Equal(JsonValueKind.Null, json.GetProperty("server").ValueKind);
    }

    [Fact]
    public async Task Frames_longer_than_the_receive_buffer_are_skipped_and_split_frames_are_joined()
    {
        // With 12 members the later welcomes outgrow 256 bytes (they must still count as joined), and
        // the ~190-byte messages keep straddling the buffer's end (the partial frame moves to the front).
        await using var server = await StartServerAsync();
        var run = await BenchRun.RunAsync("fanout", "--port", Port(server), "--clients", "12", "--senders", "2",
            "--rate", "100", "--duration", "0.5", "--warmup", "0", "--read-buffer", "256",
            "--join-timeout", "10", "--settle-timeout", "10", "--json", "--no-progress");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        var sent = json.GetProperty("sent").GetInt64();
        Assert.True(sent > 0);
        Assert.Equal(sent * 11, json.GetProperty("deliveries").GetInt64());
        Assert.Equal(0, json.GetProperty("outOfOrder").GetInt64());
        Assert.Equal(0, json.GetProperty("errors").GetInt64());
    }

    [Fact]
    public async Task Idle_members_stay_joined_through_pings_and_memory_is_reported()
    {
        await using var server = await StartServerAsync();
        var run = await BenchRun.RunAsync("idle", "--port", Port(server), "--clients", "20", "--hold", "1.5",
            "--server-pid", Pid, "--json", "--no-progress");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal("idle", json.GetProperty("scenario").GetString());
        Assert.Equal(20, json.GetProperty("clients").GetInt32());
        Assert.Equal(190, json.GetProperty("joinedExpected").GetInt64());
        Assert.Equal(190, json.GetProperty("joinedSeen").GetInt64());
        Assert.Equal(0, json.GetProperty("clientsLost").GetInt64());
        Assert.Equal(0, json.GetProperty("errors").GetInt64());
        Assert.True(json.GetProperty("rssBeforeKiB").GetInt64() > 0);
        Assert.True(json.GetProperty("rssAfterKiB").GetInt64() > 0);
        Assert.Equal(JsonValueKind.Number, json.GetProperty("rssPerConnectionKiB").ValueKind);
        Assert.Equal(JsonValueKind.Number, json.GetProperty("rssMarginalPerConnectionKiB").ValueKind);
        Assert.True(json.GetProperty("rssHalfKiB").GetInt64() > 0);
        Assert.True(json.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task Without_json_the_summary_is_for_people()
    {
        await using var server = await StartServerAsync();
        var run = await BenchRun.RunAsync("fanout", "--port", Port(server), "--clients", "3", "--senders", "1",
            "--rate", "50", "--duration", "0.5", "--warmup", "0");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("latency (send to receive, ms", run.Output, StringComparison.Ordinal);
        Assert.Contains("0 lost, 0 out of order", run.Output, StringComparison.Ordinal);
        Assert.Contains("result: ok", run.Output, StringComparison.Ordinal);
        // The progress line goes to standard error, never into the summary.
        Assert.Contains("[fanout", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("[fanout", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--rate", "fast", "--rate must be a number of messages per second")]
    [InlineData("--clients", "1", "--clients must be a whole number of at least 2")]
    [InlineData("--payload", "10", "--payload must be a whole number from")]
    [InlineData("--port", "5000,x", "--port must be a port from 1 to 65535, or several separated by commas")]
    public async Task Bad_options_are_refused_with_the_option_named(string option, string value, string message)
    {
        var run = await BenchRun.RunAsync("fanout", option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_senders_than_clients_is_refused()
    {
        var run = await BenchRun.RunAsync("fanout", "--clients", "3", "--senders", "4");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--senders (4) must not exceed --clients (3)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_is_not_there_is_reported_not_thrown()
    {
        var port = Ports.Free();

        var run = await BenchRun.RunAsync("fanout", "--port", port.ToString(CultureInfo.InvariantCulture),
            "--clients", "2", "--senders", "1", "--no-progress");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cannot run against 127.0.0.1:" + port, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_ports_spread_the_clients_so_a_missing_second_node_is_reported()
    {
        await using var server = await StartServerAsync();
        var missing = Ports.Free();

        var run = await BenchRun.RunAsync("fanout", "--port", Port(server) + "," + missing.ToString(CultureInfo.InvariantCulture),
            "--clients", "2", "--senders", "1", "--no-progress");

        // Client 1 goes to the second port, where nothing listens.
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cannot run against 127.0.0.1:" + Port(server) + ", 127.0.0.1:" + missing, run.Error, StringComparison.Ordinal);
    }

    private static string Port(TestServer server) => server.Port.ToString(CultureInfo.InvariantCulture);

    private static void AssertSaneLatency(JsonElement latency)
    {
        Assert.True(latency.GetProperty("count").GetInt64() > 0);
        var p50 = latency.GetProperty("p50").GetDouble();
        var p90 = latency.GetProperty("p90").GetDouble();
        var p99 = latency.GetProperty("p99").GetDouble();
        var p999 = latency.GetProperty("p999").GetDouble();
        var max = latency.GetProperty("max").GetDouble();
        Assert.True(p50 > 0 && p50 <= p90 && p90 <= p99 && p99 <= p999 && p999 <= max, latency.ToString());
    }
}
