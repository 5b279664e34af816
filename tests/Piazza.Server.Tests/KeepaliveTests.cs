namespace Piazza.Server.Tests;

/// <summary>Protocol §4 keepalive, on a fake clock: ping after the interval, drop after the timeout.</summary>
public sealed class KeepaliveTests
{
    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    // A send counts as in flight until the writer's continuation runs; a clock jumped past the
    // send timeout in that instant would evict the member as slow, which is not under test here.
    private static Task<TestServer> StartAsync() => TestServer.StartAsync(
        o => o with { PingInterval = PingInterval, Timeout = Timeout, SendTimeout = TimeSpan.FromHours(1) },
        TestServer.NewFakeClock());

    [Fact]
    public async Task A_silent_member_is_pinged_at_the_ping_interval_and_dropped_with_reason_timeout_at_the_timeout()
    {
        await using var server = await StartAsync();
        await using var silent = await server.JoinAsync("silent");
        await using var watcher = await server.JoinAsync("watcher");

        // Just before the interval nothing is sent: the watcher's message is the next frame.
        server.Clock.Advance(PingInterval - TimeSpan.FromSeconds(1));
        await watcher.SayAsync("tick");
        Assert.IsType<JoinedFrame>(await silent.ReceiveAsync());
        Assert.Equal("tick", Assert.IsType<MessageFrame>(await silent.ReceiveAsync()).Text);

        server.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.IsType<PingFrame>(await silent.ReceiveAsync());

        // Still a member one second before the timeout.
        server.Clock.Advance(Timeout - PingInterval - TimeSpan.FromSeconds(1));
        await watcher.SendAsync(PongFrame.Instance);
        Assert.DoesNotContain(await watcher.SyncAsync(), f => f is LeftFrame);
        Assert.Equal(2, server.Server.MemberCount);

        server.Clock.Advance(TimeSpan.FromSeconds(1));
        await watcher.AssertLeftOnceAsync("silent", LeaveReasons.Timeout);
        var rest = await silent.ReadToEndAsync();
        Assert.DoesNotContain(rest, f => f is LeftFrame);
        Assert.Equal(1, server.Server.MemberCount);
        await Eventually.TrueAsync(() => server.Server.ConnectionCount == 1);
    }

    [Fact]
    public async Task A_member_dropped_for_silence_is_sent_error_timeout_before_the_connection_closes_whatever_its_protocol()
    {
        await using var server = await StartAsync();
        await using var silentOne = await server.JoinAsync("silent1");
        await using var silentTwo = await server.EnterAsync("silent2", "#piazza");
        await using var watcher = await server.JoinAsync("watcher");

        // The watcher answers its ping; the two silent ones do not.
        server.Clock.Advance(PingInterval);
        await watcher.ExpectAsync<PingFrame>();
        await watcher.SendAsync(PongFrame.Instance);
        await watcher.SyncAsync();
        server.Clock.Advance(Timeout - PingInterval);

        foreach (var silent in new[] { silentOne, silentTwo })
        {
            var rest = await silent.ReadToEndAsync();
            var error = Assert.IsType<ErrorFrame>(rest[^1]);
            Assert.Equal(ErrorCodes.Timeout, error.Code);
            Assert.Equal("No reply to ping for 60 s; the connection is closed.", error.Message);
        }

        await watcher.ExpectCountAsync<LeftFrame>(2);
        Assert.All(watcher.Received.OfType<LeftFrame>(), l => Assert.Equal(LeaveReasons.Timeout, l.Reason));
        Assert.Equal(1, server.Server.MemberCount);
    }

    [Fact]
    public async Task A_member_that_answers_pings_is_not_timed_out()
    {
        await using var server = await StartAsync();
        await using var answering = await server.JoinAsync("answering");
        await using var watcher = await server.JoinAsync("watcher");

        // Three timeouts' worth of time pass; the members only answer the server's pings. Before
        // the clock moves on, a round trip at the same instant makes sure the pong was read: a
        // pong read while the clock is moving would count as heard later than it was sent.
        for (var step = 0; step < 9; step++)
        {
            server.Clock.Advance(PingInterval);
            foreach (var member in new[] { answering, watcher })
            {
                await member.ExpectAsync<PingFrame>();
                await member.SendAsync(PongFrame.Instance);
                await member.SyncAsync();
            }
        }

        Assert.DoesNotContain(await watcher.SyncAsync(), f => f is LeftFrame);
        Assert.Empty(await answering.SyncAsync());
        Assert.Equal(2, server.Server.MemberCount);
        Assert.Equal(9, answering.Received.Count(f => f is PingFrame));
    }

    [Fact]
    public async Task A_member_that_keeps_talking_is_never_pinged()
    {
        await using var server = await StartAsync();
        await using var talker = await server.JoinAsync("talker");

        for (var step = 0; step < 6; step++)
        {
            server.Clock.Advance(PingInterval / 2);
            await talker.SayAsync($"still here {step}");
        }

        Assert.DoesNotContain(talker.Received, f => f is PingFrame);
    }

    [Fact]
    public async Task A_refused_hello_does_not_extend_the_joining_deadline()
    {
        var helloTimeout = TimeSpan.FromSeconds(15);
        await using var server = await TestServer.StartAsync(o => o with { HelloTimeout = helloTimeout }, TestServer.NewFakeClock());
        await using var taken = await server.JoinAsync("taken");
        await using var client = await server.ConnectAsync();
        await client.SendAsync(PingFrame.Instance);
        await client.ExpectAsync<PongFrame>();

        server.Clock.Advance(helloTimeout - TimeSpan.FromSeconds(1));
        await client.SendAsync(new HelloFrame("Taken"));
        await client.ExpectErrorAsync(ErrorCodes.UsernameTaken);
        await client.SendAsync(new HelloFrame("1nvalid"));
        await client.ExpectErrorAsync(ErrorCodes.InvalidUsername);
        server.Clock.Advance(TimeSpan.FromSeconds(1));

        var rest = await client.ReadToEndAsync();
        Assert.Equal(ErrorCodes.HelloTimeout, Assert.IsType<ErrorFrame>(Assert.Single(rest)).Code);
    }

    [Fact]
    public async Task A_silent_connection_that_never_joined_gets_hello_timeout_and_is_not_announced()
    {
        var helloTimeout = TimeSpan.FromSeconds(15);
        await using var server = await TestServer.StartAsync(o => o with { HelloTimeout = helloTimeout }, TestServer.NewFakeClock());
        await using var watcher = await server.JoinAsync("watcher");
        await using var lurker = await server.ConnectAsync();

        // A round trip proves the server holds the connection (and has stamped when it came)
        // before the clock moves.
        await lurker.SendAsync(PingFrame.Instance);
        await lurker.ExpectAsync<PongFrame>();

        // Pings do not count as joining: the hello deadline runs from connecting.
        server.Clock.Advance(helloTimeout - TimeSpan.FromSeconds(1));
        await lurker.SendAsync(PingFrame.Instance);
        await lurker.ExpectAsync<PongFrame>();

        server.Clock.Advance(TimeSpan.FromSeconds(1));
        var rest = await lurker.ReadToEndAsync();

        var error = Assert.IsType<ErrorFrame>(Assert.Single(rest));
        Assert.Equal(ErrorCodes.HelloTimeout, error.Code);
        await watcher.SendAsync(PongFrame.Instance);
        Assert.Empty(await watcher.SyncAsync());
        await Eventually.TrueAsync(() => server.Server.ConnectionCount == 1);
    }
}
