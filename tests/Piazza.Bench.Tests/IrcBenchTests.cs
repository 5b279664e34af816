using System.Globalization;
using System.Text;
using System.Text.Json;
using Piazza.Bench;
using Piazza.Bench.Irc;

namespace Piazza.Bench.Tests;

/// <summary>
/// <c>fanout --irc</c>: the PRIVMSG line the senders stamp, and quick runs through the real IRC
/// door of an in-process server. Only correctness is asserted; timing is for benchmark runs.
/// </summary>
public sealed class IrcBenchTests
{
    [Fact]
    public void A_stamped_PRIVMSG_carries_the_payload_whose_fields_read_back()
    {
        var payload = new Payload(0xBEEF, 100);
        var message = new IrcMessage(payload, sender: 3, channel: "#bench");
        message.Stamp(seq: 42, timestamp: 1234567890123);
        message.Stamp(seq: 43, timestamp: 1234567890999);

        var line = Encoding.ASCII.GetString(message.Line);
        Assert.StartsWith("PRIVMSG #bench :", line, StringComparison.Ordinal);
        Assert.EndsWith("\r\n", line, StringComparison.Ordinal);
        var text = line["PRIVMSG #bench :".Length..^2];
        Assert.Equal(100, text.Length);
        Assert.True(payload.TryRead(Encoding.ASCII.GetBytes(text), out var sender, out var seq, out var sent));
        Assert.Equal((3, 43L, 1234567890999L), (sender, seq, sent));
    }

    [Fact]
    public async Task Open_loop_fanout_over_IRC_delivers_every_message_to_every_other_member()
    {
        await using var server = await StartServerAsync();
        var run = await BenchRun.RunAsync("fanout", "--irc", "--port", IrcPort(server), "--clients", "6", "--senders", "2",
            "--rate", "100", "--duration", "1", "--warmup", "0.2", "--server-pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
            "--json", "--no-progress");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal("fanout-irc", json.GetProperty("scenario").GetString());
        Assert.Equal("open", json.GetProperty("mode").GetString());
        var sent = json.GetProperty("sent").GetInt64();
        Assert.InRange(sent, 50, 1000);
        Assert.Equal(sent * 5, json.GetProperty("expectedDeliveries").GetInt64());
        Assert.Equal(sent * 5, json.GetProperty("deliveries").GetInt64());
        Assert.Equal(0, json.GetProperty("lost").GetInt64());
        Assert.Equal(0, json.GetProperty("outOfOrder").GetInt64());
        Assert.Equal(0, json.GetProperty("errors").GetInt64());
        Assert.True(json.GetProperty("ok").GetBoolean());
        AssertSaneLatency(json.GetProperty("latencyMs"));
        await Eventually.TrueAsync(() => server.Server.MemberCount == 0, what: "the bench's IRC members to quit");
    }

    [Fact]
    public async Task Closed_loop_fanout_over_IRC_keeps_the_window_and_loses_nothing()
    {
        await using var server = await StartServerAsync();
        var run = await BenchRun.RunAsync("fanout", "--irc", "--irc-channel", "#sweep", "--port", IrcPort(server), "--clients", "5", "--senders", "2",
            "--rate", "max", "--window", "8", "--duration", "0.5", "--warmup", "0", "--json", "--no-progress");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal("closed", json.GetProperty("mode").GetString());
        Assert.Equal(8, json.GetProperty("window").GetInt32());
        var sent = json.GetProperty("sent").GetInt64();
        Assert.True(sent > 0);
        Assert.Equal(sent * 4, json.GetProperty("deliveries").GetInt64());
        Assert.Equal(0, json.GetProperty("lost").GetInt64());
        Assert.True(json.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task A_channel_name_IRC_cannot_carry_is_refused_naming_the_option()
    {
        var run = await BenchRun.RunAsync("fanout", "--irc", "--irc-channel", "bench", "--port", "6667");

        Assert.Equal(BenchCommand.BadUsage, run.ExitCode);
        Assert.Contains("--irc-channel must be # and a name", run.Error, StringComparison.Ordinal);
    }

    private static Task<TestServer> StartServerAsync() => TestServer.StartAsync(o => o with
    {
        // The senders send faster than the default flood control allows.
        RateBurst = 100_000,
        RatePerSecond = 100_000,
        IrcPort = 0,
    });

    private static string IrcPort(TestServer server) =>
        (server.Server.IrcEndPoint ?? throw new InvalidOperationException("The server has no IRC door.")).Port.ToString(CultureInfo.InvariantCulture);

    private static void AssertSaneLatency(JsonElement latency)
    {
        Assert.True(latency.GetProperty("count").GetInt64() > 0);
        var p50 = latency.GetProperty("p50").GetDouble();
        var p99 = latency.GetProperty("p99").GetDouble();
        var max = latency.GetProperty("max").GetDouble();
        Assert.True(p50 > 0 && p50 <= p99 && p99 <= max, latency.ToString());
    }
}
