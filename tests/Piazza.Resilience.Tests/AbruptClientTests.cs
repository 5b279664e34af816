using System.Diagnostics;
using Piazza.Resilience.Tests.Support;
using Piazza.Server;

namespace Piazza.Resilience.Tests;

/// <summary>
/// Clients that die the ways processes die: killed mid-frame, frozen, or reset. Each must cost
/// the room exactly one <c>left</c> with the right reason, log nothing alarming and leak nothing.
/// </summary>
public sealed class AbruptClientTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_client_killed_with_SIGKILL_in_the_middle_of_a_frame_leaves_once_as_lost()
    {
        await using var server = await TestServer.StartAsync();
        await using var observer = await Peer.JoinAsync(server.EndPoint, "observer");
        var baseline = (server.Server.ConnectionCount, server.Server.MemberCount);

        await using var child = BashClient.HalfFrameWriter(server.Port, "doomed");
        await child.WaitForLineAsync("joined");
        await observer.WaitForAsync<JoinedFrame>(j => j.User == "doomed");
        await child.WaitForLineAsync("written");

        var killed = Stopwatch.StartNew();
        child.Signal(Signals.SigKill);
        var left = await observer.WaitForAsync<LeftFrame>(l => l.User == "doomed");
        var detected = killed.Elapsed;

        Assert.Equal(LeaveReasons.Lost, left.Reason);
        await AssertCleanAsync(server, observer, "doomed", baseline);
        Assert.Equal(0, observer.Count<MessageFrame>());
        Figures.Report(output, "SIGKILL mid-frame", $"left lost announced {Figures.Ms(detected)} after the kill; the half frame was never relayed");
    }

    [Fact]
    public async Task A_client_stopped_with_SIGSTOP_past_the_timeout_leaves_once_as_timeout()
    {
        await using var server = await TestServer.StartAsync(o => o with
        {
            PingInterval = TimeSpan.FromSeconds(0.3),
            Timeout = TimeSpan.FromSeconds(1),
        });
        await using var observer = await Peer.JoinAsync(server.EndPoint, "observer");
        var baseline = (server.Server.ConnectionCount, server.Server.MemberCount);

        await using var child = BashClient.PingAnswerer(server.Port, "frozen");
        await child.WaitForLineAsync("joined");
        await observer.WaitForAsync<JoinedFrame>(j => j.User == "frozen");
        // Alive and answering: it outlives several timeouts' worth of pings while running.
        await Eventually.TrueAsync(() => child.Count("pong") >= 5, what: "five pings answered by the child");
        Assert.Equal(0, observer.Count<LeftFrame>());

        var stopped = Stopwatch.StartNew();
        child.Signal(Signals.SigStop);
        var left = await observer.WaitForAsync<LeftFrame>(l => l.User == "frozen");
        var detected = stopped.Elapsed;
        Assert.Equal(LeaveReasons.Timeout, left.Reason);

        child.Signal(Signals.SigCont);
        await child.WaitForLineAsync("closed");
        await AssertCleanAsync(server, observer, "frozen", baseline);
        Figures.Report(output, "SIGSTOP", $"left timeout announced {Figures.Ms(detected)} after the stop (timeout 1 s); after SIGCONT the child saw its connection closed");
    }

    [Fact]
    public async Task A_client_that_resets_its_connection_leaves_once_as_lost()
    {
        await using var server = await TestServer.StartAsync();
        await using var observer = await Peer.JoinAsync(server.EndPoint, "observer");
        var baseline = (server.Server.ConnectionCount, server.Server.MemberCount);

        var resetter = await Peer.JoinAsync(server.EndPoint, "resetter");
        await observer.WaitForAsync<JoinedFrame>(j => j.User == "resetter");
        // Half a frame in flight and unread data in its buffer: the reset is as rude as it gets.
        await resetter.Client.SendRawAsync("{\"type\":\"say\",\"te"u8.ToArray());
        var reset = Stopwatch.StartNew();
        resetter.Client.Reset();
        var left = await observer.WaitForAsync<LeftFrame>(l => l.User == "resetter");
        var detected = reset.Elapsed;
        await resetter.DisposeAsync();

        Assert.Equal(LeaveReasons.Lost, left.Reason);
        await AssertCleanAsync(server, observer, "resetter", baseline);
        Figures.Report(output, "client reset (RST)", $"left lost announced {Figures.Ms(detected)} after the reset");
    }

    [Fact]
    public async Task A_reset_injected_by_the_proxy_and_a_half_close_each_cost_one_left_lost()
    {
        await using var server = await TestServer.StartAsync();
        await using var proxy = FaultProxy.Start(server.EndPoint);
        await using var observer = await Peer.JoinAsync(server.EndPoint, "observer");
        var baseline = (server.Server.ConnectionCount, server.Server.MemberCount);

        await using var reset = await Peer.JoinAsync(proxy.EndPoint, "rst");
        await using var halfClosed = await Peer.JoinAsync(proxy.EndPoint, "fin");
        await observer.WaitForAsync<JoinedFrame>(j => j.User == "fin");

        (await proxy.ConnectionOfAsync(reset.Client.Socket)).Reset();
        (await proxy.ConnectionOfAsync(halfClosed.Client.Socket)).HalfClose(ProxyDirection.ClientToServer);

        Assert.Equal(LeaveReasons.Lost, (await observer.WaitForAsync<LeftFrame>(l => l.User == "rst")).Reason);
        Assert.Equal(LeaveReasons.Lost, (await observer.WaitForAsync<LeftFrame>(l => l.User == "fin")).Reason);
        // The half-closed client still hears the server finish: its side ends cleanly too.
        await halfClosed.Client.Completion.WaitAsync(Eventually.DefaultTimeout, TestContext.Current.CancellationToken);
        await AssertCleanAsync(server, observer, "rst", baseline);
        Assert.Single(observer.Frames.OfType<LeftFrame>(), l => l.User == "fin");
    }

    private static async Task AssertCleanAsync(TestServer server, Peer observer, string user, (int Connections, int Members) baseline)
    {
        await Eventually.TrueAsync(
            () => (server.Server.ConnectionCount, server.Server.MemberCount) == baseline,
            what: $"connections and members back to {baseline} (now {server.Server.ConnectionCount}, {server.Server.MemberCount})");
        // Give a duplicate announcement every chance to show up: a round trip through the room after the left.
        await observer.SayAsync("still here", "after");
        await observer.WaitForAsync<AckFrame>(a => a.Ref == "after");
        Assert.Single(observer.Frames.OfType<LeftFrame>(), l => l.User == user);
        Assert.Empty(server.Logs.Problems);
        Assert.DoesNotContain(server.Logs.Entries, e => e.Level > Microsoft.Extensions.Logging.LogLevel.Warning || e.Exception is not null);
    }
}
