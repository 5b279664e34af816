using Piazza.Server;

namespace Piazza.Server.Tests;

/// <summary>Protocol §6 flood control, on a fake clock: a flooder is slowed by backpressure, never dropped.</summary>
public sealed class FloodControlTests
{
    // A send counts as in flight until the writer's continuation runs; a clock jumped past the
    // send timeout in that instant would evict the member as slow, which is not under test here.
    private static Task<TestServer> StartAsync(Func<ServerOptions, ServerOptions> configure) =>
        TestServer.StartAsync(o => configure(o) with { SendTimeout = TimeSpan.FromHours(1) }, TestServer.NewFakeClock());

    [Fact]
    public async Task A_flooder_gets_its_burst_then_one_message_per_second_loses_nothing_and_is_overtaken_by_others()
    {
        await using var server = await StartAsync(o => o with { RateBurst = 3, RatePerSecond = 1 });
        var clock = server.Clock;
        await using var flooder = await server.JoinAsync("flooder");
        await using var bob = await server.JoinAsync("bob");
        await using var carol = await server.JoinAsync("carol");

        // Joining spent a token; a second of quiet fills the bucket to its burst again.
        clock.Advance(TimeSpan.FromSeconds(1));
        var start = clock.GetUtcNow();
        var timers = clock.TimersCreated;
        var ten = Enumerable.Range(0, 10).SelectMany(i => FrameWriter.ToBytes(new SayFrame($"flood {i}", $"f{i}"))).ToArray();
        await flooder.SendRawAsync(ten);

        await flooder.ExpectCountAsync<AckFrame>(3);
        await clock.WaitForTimersAsync(++timers);

        // The flooder's reader is paused; bob's is not, and his message goes ahead of the flooder's queued ones.
        var bobAck = await bob.SayAsync("meanwhile");

        for (var i = 3; i < 10; i++)
        {
            Assert.Equal(i, flooder.Received.Count(f => f is AckFrame));
            clock.Advance(TimeSpan.FromSeconds(1));
            await flooder.ExpectCountAsync<AckFrame>(i + 1);
            if (i < 9)
            {
                await clock.WaitForTimersAsync(++timers);
            }
        }

        var acks = flooder.Received.OfType<AckFrame>().ToList();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"f{i}"), acks.Select(a => a.Ref));
        for (var i = 0; i < 10; i++)
        {
            var due = start + TimeSpan.FromSeconds(Math.Max(0, i - 2));
            Assert.True((acks[i].Ts - due).Duration() < TimeSpan.FromMilliseconds(1), $"f{i} was accepted at {acks[i].Ts:O}, due {due:O}");
        }

        Assert.True(bobAck.Id > acks[2].Id && bobAck.Id < acks[3].Id);
        await carol.ExpectCountAsync<MessageFrame>(11);
        var atCarol = carol.Received.OfType<MessageFrame>().ToList();
        Assert.Equal(["flood 0", "flood 1", "flood 2", "meanwhile", "flood 3"], atCarol.Take(5).Select(m => m.Text));
        Assert.Equal(atCarol.Select(m => m.Id).Order(), atCarol.Select(m => m.Id));
        Assert.DoesNotContain(flooder.Received, f => f is ErrorFrame);
        Assert.Equal(3, server.Server.MemberCount);
    }

    [Fact]
    public async Task Pings_take_tokens_too_so_no_frame_type_can_be_used_to_flood()
    {
        await using var server = await StartAsync(o => o with { RateBurst = 2, RatePerSecond = 1 });
        await using var client = await server.JoinAsync("pinger");
        var timers = server.Clock.TimersCreated;
        server.Clock.Advance(TimeSpan.FromSeconds(1));

        await client.SendRawAsync(Enumerable.Repeat(FrameWriter.ToBytes(PingFrame.Instance), 3).SelectMany(b => b).ToArray());
        await client.ExpectCountAsync<PongFrame>(2);

        // The third ping waits for a token: the reader pauses on the clock.
        await server.Clock.WaitForTimersAsync(timers + 1);

        server.Clock.Advance(TimeSpan.FromSeconds(1));
        await client.ExpectCountAsync<PongFrame>(3);
    }

    [Fact]
    public async Task The_bucket_never_holds_more_than_its_burst_however_long_its_client_was_quiet()
    {
        await using var server = await StartAsync(o => o with { RateBurst = 2, RatePerSecond = 1 });
        await using var client = await server.JoinAsync("quiet");
        var timers = server.Clock.TimersCreated;

        // Fifty seconds at one per second, but the bucket holds two; less than the timeout.
        server.Clock.Advance(TimeSpan.FromSeconds(50));
        await client.SendRawAsync(Enumerable.Range(0, 3).SelectMany(i => FrameWriter.ToBytes(new SayFrame($"q{i}", $"q{i}"))).ToArray());
        await client.ExpectCountAsync<AckFrame>(2);
        await server.Clock.WaitForTimersAsync(timers + 1);
        var quietEnd = server.Clock.GetUtcNow();

        // The third waits for a token: it is accepted only once the clock has moved on.
        server.Clock.Advance(TimeSpan.FromSeconds(1));
        var third = await client.ExpectAsync<AckFrame>();
        Assert.Equal("q2", third.Ref);
        Assert.True((third.Ts - quietEnd - TimeSpan.FromSeconds(1)).Duration() < TimeSpan.FromMilliseconds(1), $"accepted {third.Ts - quietEnd} after the first two");
    }

    [Fact]
    public async Task A_flooder_that_disconnects_while_paused_is_announced_once_after_an_in_order_prefix_of_its_messages()
    {
        await using var server = await StartAsync(o => o with { RateBurst = 1, RatePerSecond = 1 });
        await using var watcher = await server.JoinAsync("watcher");
        var flooder = await server.JoinAsync("flooder");
        var timers = server.Clock.TimersCreated;

        server.Clock.Advance(TimeSpan.FromSeconds(1));
        await flooder.SendRawAsync(Enumerable.Range(0, 5).SelectMany(i => FrameWriter.ToBytes(new SayFrame($"x{i}"))).ToArray());
        await watcher.ExpectAsync<MessageFrame>(m => m.Text == "x0");
        await server.Clock.WaitForTimersAsync(++timers);
        flooder.Reset();

        // The server notices the reset once it reads or writes again; until then the clock decides.
        for (var step = 0; step < 5 && server.Server.MemberCount == 2; step++)
        {
            server.Clock.Advance(TimeSpan.FromSeconds(1));
            await Eventually.TrueAsync(() => server.Clock.TimersCreated > timers || server.Server.MemberCount == 1);
            timers = server.Clock.TimersCreated;
        }

        await watcher.AssertLeftOnceAsync("flooder", LeaveReasons.Lost);
        var delivered = watcher.Received.OfType<MessageFrame>().Select(m => m.Text).ToList();
        Assert.Equal(Enumerable.Range(0, delivered.Count).Select(i => $"x{i}"), delivered);
        await Eventually.TrueAsync(() => server.Server.ConnectionCount == 1);
    }

    [Fact]
    public async Task A_flooder_whose_backlog_outlasts_the_timeout_is_slowed_but_not_timed_out()
    {
        const int Says = 80;
        await using var server = await StartAsync(
            o => o with { RateBurst = 1, RatePerSecond = 1, PingInterval = TimeSpan.FromSeconds(20), Timeout = TimeSpan.FromSeconds(60) });
        await using var watcher = await server.JoinAsync("watcher");
        await using var flooder = await server.JoinAsync("flooder");
        var timers = server.Clock.TimersCreated;

        server.Clock.Advance(TimeSpan.FromSeconds(1));
        await flooder.SendRawAsync(Enumerable.Range(0, Says).SelectMany(i => FrameWriter.ToBytes(new SayFrame($"b{i}", $"b{i}"))).ToArray());
        await flooder.ExpectCountAsync<AckFrame>(1);
        for (var i = 1; i < Says; i++)
        {
            await server.Clock.WaitForTimersAsync(++timers);
            server.Clock.Advance(TimeSpan.FromSeconds(1));
            await flooder.ExpectCountAsync<AckFrame>(i + 1);

            // The watcher answers the server's pings so that only the flooder is in question.
            if (i % 10 == 0)
            {
                await watcher.SendAsync(PongFrame.Instance);
            }
        }

        await watcher.ExpectCountAsync<MessageFrame>(Says);

        // The watcher's last pong may be read just before its sync ping, with no second between
        // them on the fake clock: that ping then waits for the watcher's own token, so the clock
        // moves on (a second at a time, far from any timeout) until the answer comes.
        var sync = watcher.SyncAsync();
        for (var step = 0; step < 5 && !sync.IsCompleted; step++)
        {
            await Task.WhenAny(sync, Task.Delay(TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken));
            server.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.DoesNotContain(await sync, f => f is LeftFrame);
        Assert.DoesNotContain(watcher.Received, f => f is LeftFrame);
        Assert.Equal(2, server.Server.MemberCount);
    }
}
