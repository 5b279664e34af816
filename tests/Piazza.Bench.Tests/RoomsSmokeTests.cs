using System.Globalization;
using System.Text.Json;

namespace Piazza.Bench.Tests;

/// <summary>
/// A quick run of each version 2 scenario (rooms, catchup, history) against a real in-process
/// server with a SQLite store, so the tool cannot rot. Only correctness is asserted.
/// </summary>
public sealed class RoomsSmokeTests
{
    private static Task<TestServer> StartServerAsync(TempDataDirectory data) => TestServer.StartAsync(o => data.Sqlite(o) with
    {
        RateBurst = 100_000,
        RatePerSecond = 100_000,
    });

    [Fact]
    public async Task Rooms_acks_every_say_and_delivers_it_to_every_other_member_of_its_room()
    {
        using var data = new TempDataDirectory();
        await using var server = await StartServerAsync(data);
        var run = await BenchRun.RunAsync("rooms", "--port", Port(server), "--clients", "20", "--room-size", "5",
            "--duration", "0.5", "--warmup", "0.1", "--data-dir", data.Path, "--server-pid", Pid, "--json", "--no-progress");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal(4, json.GetProperty("roomCount").GetInt32());
        var sent = json.GetProperty("sent").GetInt64();
        Assert.True(sent > 0);
        Assert.Equal(sent, json.GetProperty("acked").GetInt64());
        Assert.Equal(sent * 4, json.GetProperty("deliveries").GetInt64());
        Assert.Equal(0, json.GetProperty("lost").GetInt64());
        Assert.Equal(0, json.GetProperty("outOfOrder").GetInt64());
        Assert.True(json.GetProperty("ackLatencyMs").GetProperty("count").GetInt64() > 0);
        Assert.True(json.GetProperty("dataBytesAfter").GetInt64() > 0);
    }

    [Fact]
    public async Task Catchup_replays_exactly_the_missed_events_in_every_round()
    {
        using var data = new TempDataDirectory();
        await using var server = await StartServerAsync(data);
        var run = await BenchRun.RunAsync("catchup", "--port", Port(server), "--rooms", "3", "--missed", "30",
            "--rounds", "2", "--json", "--no-progress");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal(30, json.GetProperty("missed").GetInt64());
        Assert.Equal(30, json.GetProperty("replayed").GetInt64());
        Assert.Equal(0, json.GetProperty("duplicates").GetInt64());
        Assert.Equal(0, json.GetProperty("gaps").GetInt64());
        Assert.False(json.GetProperty("truncated").GetBoolean());
        Assert.Equal(2, json.GetProperty("eventsPerSecondByRound").GetArrayLength());
    }

    [Fact]
    public async Task History_fills_the_room_reads_the_memory_and_pages_back_without_gaps()
    {
        using var data = new TempDataDirectory();
        await using var server = await StartServerAsync(data);
        var run = await BenchRun.RunAsync("history", "--port", Port(server), "--events", "600", "--fillers", "2", "--window", "4",
            "--pages", "5", "--page-size", "50", "--quiet", "0", "--data-dir", data.Path, "--server-pid", Pid, "--json", "--no-progress");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal(600, json.GetProperty("eventsStored").GetInt64());
        Assert.Equal(250, json.GetProperty("eventsPaged").GetInt64());
        Assert.Equal(0, json.GetProperty("pageGaps").GetInt64());
        Assert.True(json.GetProperty("rssAfterKiB").GetInt64() > 0);
    }

    private static readonly string Pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    private static string Port(TestServer server) => server.Port.ToString(CultureInfo.InvariantCulture);
}
