using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using Piazza.Resilience.Tests.Support;

namespace Piazza.Resilience.Tests;

/// <summary>
/// A link that stops carrying the server's bytes to one member while the room keeps talking:
/// the member's queue stays under its cap (a large one here), so only the send timeout can end
/// it (§6: a socket that accepts nothing for --send-timeout is evicted as slow).
/// </summary>
public sealed class StalledLinkTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_member_whose_link_stops_taking_bytes_is_evicted_as_slow_after_the_send_timeout()
    {
        var sendTimeout = TimeSpan.FromSeconds(1);
        // Information and up: Debug lines hold every message text, megabytes of them here.
        await using var server = await TestServer.StartAsync(o => o with
        {
            SendQueueBytes = 256 << 20,
            SendTimeout = sendTimeout,
            Timeout = TimeSpan.FromSeconds(60),
            PingInterval = TimeSpan.FromSeconds(30),
            RateBurst = 1000,
            RatePerSecond = 5000,
        }, minimumLogLevel: LogLevel.Information);
        await using var proxy = FaultProxy.Start(server.EndPoint);
        await using var talker = await Peer.JoinAsync(server.EndPoint, "talker", keepFrames: false);
        await using var observer = await Peer.JoinAsync(server.EndPoint, "observer", keepFrames: false);
        await using var stuck = await Peer.JoinAsync(proxy.EndPoint, "stuck", keepFrames: false);
        var link = await proxy.ConnectionOfAsync(stuck.Client.Socket);
        await observer.WaitForAsync<JoinedFrame>(j => j.User == "stuck");

        link.Stall(ProxyDirection.ServerToClient);
        var stalled = Stopwatch.StartNew();
        // Talk until the kernel buffers between the server and the stalled proxy are full and the
        // server's send to "stuck" stops making progress; then the send timeout runs.
        var text = new string('s', 1900);
        var sent = 0;
        while (observer.Count<LeftFrame>(l => l.User == "stuck") == 0 && stalled.Elapsed < TimeSpan.FromSeconds(60))
        {
            var batch = new StringBuilder();
            for (var i = 0; i < 100; i++, sent++)
            {
                batch.Append("{\"type\":\"say\",\"text\":\"").Append(text).Append("\"}\n");
            }

            await talker.Client.SendRawAsync(Encoding.UTF8.GetBytes(batch.ToString()));
            await Eventually.TrueAsync(() => observer.EventIds.Count >= sent, what: "the observer to keep up");
        }

        var left = await observer.WaitForAsync<LeftFrame>(l => l.User == "stuck");
        Assert.Equal(LeaveReasons.Slow, left.Reason);
        Assert.False(talker.Client.Ended || observer.Client.Ended, "a healthy member was cut");
        await Eventually.TrueAsync(() => server.Server.MemberCount == 2, what: "the stalled member's slot to be freed");
        Assert.Single(server.Logs.Entries, e => e.EventId.Id == 15);
        Assert.Empty(server.Logs.Problems);
        Figures.Report(output, "stalled link", $"server-to-client direction stalled: evicted as slow {stalled.Elapsed.TotalSeconds:0.0} s after the stall, once {sent} messages ({Figures.Mib(sent * 1950L)}) had filled the path (send timeout {sendTimeout.TotalSeconds} s, queue cap 256 MiB never reached)");
    }
}
