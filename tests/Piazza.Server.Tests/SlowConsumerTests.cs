using Microsoft.Extensions.Logging;

namespace Piazza.Server.Tests;

/// <summary>Protocol §6 slow consumers: a client that does not keep up is evicted alone.</summary>
[Collection(nameof(MeasuresMemory))]
public sealed class SlowConsumerTests(ITestOutputHelper output)
{
    private const int QueueCap = 64 * 1024;

    [Fact]
    public async Task A_client_that_never_reads_is_evicted_as_slow_without_slowing_anyone_and_memory_stays_bounded()
    {
        const int Batch = 16, MaxMessages = 40_000, AfterEviction = 1000;
        const long MemoryBound = 2 * 1024 * 1024;

        // Debug logs hold every message text: leave them out of what the memory bound measures.
        await using var server = await TestServer.StartAsync(
            // The memory store keeps a room's recent events; bounded to 100 here so what is measured is the connections.
            o => o with { SendQueueBytes = QueueCap, RateBurst = 1_000_000, History = 10, RetentionEvents = 100 }, minimumLogLevel: LogLevel.Information);
        await using var alice = await server.JoinAsync("alice");
        await using var bob = await server.JoinAsync("bob");
        await using var first = await RawClient.ConnectAsync(server.Port, receiveBufferBytes: 4096);
        await using var second = await RawClient.ConnectAsync(server.Port, receiveBufferBytes: 4096);
        alice.KeepReceived = bob.KeepReceived = false;
        var text = new string('s', 1000);
        var batch = Enumerable.Repeat(FrameWriter.ToBytes(new SayFrame(text)), Batch).SelectMany(b => b).ToArray();
        var frameBytes = batch.Length / Batch;
        var lefts = new List<LeftFrame>();
        var sent = 0;

        // Alice sends a batch and waits until bob has it all: the pace is bob's, and it can only
        // keep up if nothing he is sent waits behind the client that reads nothing.
        async Task<bool> RoundAsync()
        {
            await alice.SendRawAsync(batch);
            var lefts0 = lefts.Count;
            for (var messages = 0; messages < Batch;)
            {
                switch (await bob.ReceiveAsync())
                {
                    case MessageFrame m:
                        Assert.Equal(text, m.Text);
                        messages++;
                        break;
                    case LeftFrame l:
                        lefts.Add(l);
                        break;
                }
            }

            await alice.ReadPastAsync<AckFrame>(Batch);
            sent += Batch;
            return lefts.Count > lefts0;
        }

        // Traffic until the client that never reads is evicted, then some more.
        async Task<int> UntilEvictedAsync(RawClient never, string name, int connectionsLeft)
        {
            await never.JoinAsync(name);
            await bob.ExpectAsync<JoinedFrame>(j => j.User == name);
            var start = sent;
            var atEviction = 0;
            while (sent - start < MaxMessages && (atEviction == 0 || sent - start < atEviction + AfterEviction))
            {
                if (await RoundAsync() && atEviction == 0)
                {
                    atEviction = sent - start;
                }
            }

            Assert.NotEqual(0, atEviction);
            await Eventually.TrueAsync(() => server.Server.ConnectionCount == connectionsLeft, what: "the slow connection to be cut");
            return atEviction;
        }

        // The first pass warms every path (eviction included); the second is the one measured.
        await UntilEvictedAsync(first, "first", connectionsLeft: 3);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var sentBefore = sent;
        var atEviction = await UntilEvictedAsync(second, "second", connectionsLeft: 2);
        var after = GC.GetTotalMemory(forceFullCollection: true);

        var traffic = (long)frameBytes * (((sent - sentBefore) * 2L) + atEviction);
        output.WriteLine($"the slow client was evicted after {atEviction:N0} messages of {frameBytes:N0} bytes; bob received all {sent:N0}");
        output.WriteLine($"managed memory {before:N0} -> {after:N0} bytes ({after - before:+#,0;-#,0}) over {traffic:N0} bytes of traffic");
        Assert.Equal([("first", LeaveReasons.Slow), ("second", LeaveReasons.Slow)], lefts.Select(l => (l.User, l.Reason)));
        Assert.Equal(2, server.Server.MemberCount);
        Assert.True(after - before < MemoryBound, $"managed memory grew by {after - before:N0} bytes");

        // The queue refuses what would pass its cap, so at eviction it held at most the cap.
        var evictions = server.Logs.Entries.Where(e => e.EventId.Id == 15).ToList();
        Assert.Equal(2, evictions.Count);
        foreach (var eviction in evictions)
        {
            output.WriteLine(eviction.Message);
            var waiting = int.Parse(eviction.Message.Split('(')[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(waiting, QueueCap - (2 * frameBytes), QueueCap);
        }

        Assert.Empty(server.Logs.Problems);
    }

    [Fact]
    public async Task An_evicted_client_that_reads_again_finds_too_slow_as_the_last_frame_before_the_end()
    {
        await using var server = await TestServer.StartAsync(o => o with
        {
            SendQueueBytes = QueueCap,
            RateBurst = 100_000,
            ShutdownGrace = TimeSpan.FromSeconds(5),
        });
        await using var alice = await server.JoinAsync("alice");
        await using var slow = await RawClient.ConnectAsync(server.Port, receiveBufferBytes: 4096);
        await slow.JoinAsync("slow");
        await alice.ExpectAsync<JoinedFrame>(j => j.User == "slow");

        var frame = FrameWriter.ToBytes(new SayFrame(new string('t', 1000)));
        while (!alice.Received.Any(f => f is LeftFrame))
        {
            await alice.SendRawAsync(frame);
            await alice.ExpectAsync<Frame>(f => f is AckFrame or LeftFrame);
        }

        var rest = await slow.ReadToEndAsync();
        var error = Assert.IsType<ErrorFrame>(rest[^1]);
        Assert.Equal(ErrorCodes.TooSlow, error.Code);
        Assert.All(rest.SkipLast(1), f => Assert.IsType<MessageFrame>(f));
        Assert.Equal(("slow", LeaveReasons.Slow), alice.Received.OfType<LeftFrame>().Select(l => (l.User, l.Reason)).Single());
        output.WriteLine($"{rest.Count - 1} messages reached the slow client before too_slow");
    }

    [Fact]
    public async Task A_client_whose_socket_accepts_nothing_for_the_send_timeout_is_evicted_as_slow()
    {
        var sendTimeout = TimeSpan.FromSeconds(30);
        await using var server = await TestServer.StartAsync(
            o => o with { SendQueueBytes = 16 * 1024 * 1024, RateBurst = 100_000, SendTimeout = sendTimeout, PingInterval = TimeSpan.FromSeconds(100), Timeout = TimeSpan.FromSeconds(200) },
            TestServer.NewFakeClock());
        await using var alice = await server.JoinAsync("alice");
        await using var slow = await RawClient.ConnectAsync(server.Port, receiveBufferBytes: 4096);
        await slow.JoinAsync("slow");
        await alice.ExpectAsync<JoinedFrame>(j => j.User == "slow");
        alice.KeepReceived = false;

        // Less than the queue's cap, more than the kernel buffers hold: the server's writer ends up
        // waiting on the socket.
        await KernelBuffers.OverfillAsync(alice);
        Assert.Equal(2, server.Server.MemberCount);

        server.Clock.Advance(sendTimeout - TimeSpan.FromSeconds(1));
        await alice.SendAsync(PongFrame.Instance);
        Assert.DoesNotContain(await alice.SyncAsync(), f => f is LeftFrame);

        server.Clock.Advance(TimeSpan.FromSeconds(1));
        var left = await alice.ExpectAsync<LeftFrame>();
        Assert.Equal(("slow", LeaveReasons.Slow), (left.User, left.Reason));
        Assert.Equal(1, server.Server.MemberCount);
    }
}

/// <summary>Tests that measure the process's managed memory run alone, so no other test's allocations count.</summary>
[CollectionDefinition(nameof(MeasuresMemory), DisableParallelization = true)]
public sealed class MeasuresMemory;
