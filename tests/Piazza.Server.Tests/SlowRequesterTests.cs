using Microsoft.Extensions.Logging;

namespace Piazza.Server.Tests;

/// <summary>
/// Protocol §6 for answers: history pages and room replays may pass the queue's cap, since a page
/// can be larger than it, but a client that keeps asking without reading gets no more than one
/// answer past the cap: the server reads its next request only when its queue has room again.
/// </summary>
[Collection(nameof(MeasuresMemory))]
public sealed class SlowRequesterTests(ITestOutputHelper output)
{
    private const int QueueCap = 64 * 1024;

    [Theory]
    [InlineData("""{"type":"history","room":"#piazza","limit":200}""")]
    [InlineData("""{"type":"join","room":"#piazza","since":0,"epoch":"{epoch}"}""")]
    [InlineData("""{"type":"rooms"}""")]
    public async Task A_client_that_keeps_asking_without_reading_holds_at_most_one_answer_past_the_queue_cap(string request)
    {
        const int Requests = 100;
        await using var server = await TestServer.StartAsync(
            o => o with { SendQueueBytes = QueueCap, RateBurst = 100_000, SendTimeout = TimeSpan.FromSeconds(1), History = 0 },
            minimumLogLevel: LogLevel.Information);
        await using var alice = await server.EnterAsync("alice", "#piazza");
        var text = new string('h', 1000);
        for (var i = 0; i < 200; i++)
        {
            await alice.SendAsync(new SayFrame(text, $"h{i}"));
        }

        await alice.ExpectAsync<AckFrame>(a => a.Ref == "h199");
        var epoch = alice.Received.OfType<RoomFrame>().Single().Epoch;

        // Rooms with long topics, for a room list as large as a page.
        for (var i = 0; i < 200; i++)
        {
            var room = $"#room{i:000}";
            await alice.JoinRoomAsync(room);
            await alice.SendAsync(new TopicFrame(room, new string('t', 290)));
            await alice.SendAsync(new PartFrame(room));
            await alice.ExpectAsync<LeftFrame>(l => l.Room == room);
        }

        // The largest answer: every event of the default room (its 200 messages and a few joins), replayed.
        var page = FrameWriter.ToBytes(new MessageFrame(long.MaxValue, DateTimeOffset.UtcNow, "alice", text, Replay: true, Room: "#piazza")).Length * 210L;

        // The requester reads nothing; its socket takes little.
        await using var mallory = await RawClient.ConnectAsync(server.Port, receiveBufferBytes: 4096);
        await mallory.EnterAsync("mallory", "#piazza");
        var line = RawLines.Bytes(request.Replace("{epoch}", epoch, StringComparison.Ordinal));
        await mallory.SendRawAsync(Enumerable.Repeat(line, Requests).SelectMany(b => b).ToArray());

        // Its socket stops taking anything, and the send timeout ends it: the log says how much waited.
        var left = await alice.ExpectAsync<LeftFrame>(l => l.User == "mallory", TimeSpan.FromSeconds(30));
        var eviction = Assert.Single(server.Logs.Entries, e => e.EventId.Id == 15);
        var waiting = long.Parse(eviction.Message.Split('(')[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        output.WriteLine(eviction.Message);

        Assert.Equal(LeaveReasons.Slow, left.Reason);
        Assert.InRange(waiting, 0, QueueCap + page);
        Assert.Empty(server.Logs.Problems);
    }

    [Fact]
    public async Task Answers_larger_than_the_queue_cap_reach_a_client_that_reads_them_one_after_another()
    {
        await using var server = await TestServer.StartAsync(o => o with { SendQueueBytes = QueueCap, RateBurst = 100_000 });
        await using var alice = await server.EnterAsync("alice", "#piazza");
        var text = new string('h', 1000);
        for (var i = 0; i < 200; i++)
        {
            var room = $"#room{i:000}";
            await alice.SendAsync(new SayFrame(text, $"h{i}"));
            await alice.SendAsync(new JoinFrame(room));
            await alice.SendAsync(new TopicFrame(room, new string('t', 290)));
            await alice.SendAsync(new PartFrame(room));
            await alice.ExpectAsync<LeftFrame>(l => l.Room == room);
        }
        await using var bob = await server.EnterAsync("bob", "#piazza");

        // Each answer is larger than the cap; asked for together, they come one after another.
        await bob.SendAsync(RoomsFrame.Request);
        await bob.SendAsync(new HistoryFrame("#piazza", Limit: 200));
        await bob.SendAsync(RoomsFrame.Request);
        await bob.SendAsync(new JoinFrame("#piazza", 0, alice.Received.OfType<RoomFrame>().First().Epoch));
        var answers = await bob.SyncAsync();

        Assert.All(answers.OfType<RoomsFrame>(), r => Assert.Equal(201, r.Rooms!.Count));
        Assert.Equal(2, answers.Count(f => f is RoomsFrame));
        Assert.Equal(200, Assert.Single(answers.OfType<HistoryFrame>()).Events!.Count);
        Assert.Equal(202, RoomEvents.Entries(answers).Single().Replay.Count);
        Assert.False(bob.Ended);
        Assert.Equal(2, server.Server.MemberCount);
    }
}
