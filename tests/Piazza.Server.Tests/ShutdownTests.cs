using System.Diagnostics;
using System.Net.Sockets;

namespace Piazza.Server.Tests;

/// <summary>Protocol §4 shutdown, in process: shutdown to everyone, no left, nothing accepted after.</summary>
public sealed class ShutdownTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Stopping_sends_every_member_shutdown_then_closes_and_announces_no_left()
    {
        var server = await TestServer.StartAsync();
        await using var alice = await server.JoinAsync("alice");
        await using var bob = await server.JoinAsync("bob");
        await using var carol = await server.JoinAsync("carol");
        await using var stranger = await server.ConnectAsync();
        await alice.ExpectAsync<JoinedFrame>(j => j.User == "carol");
        await bob.ExpectAsync<JoinedFrame>(j => j.User == "carol");
        await stranger.SendAsync(PingFrame.Instance);
        await stranger.ExpectAsync<PongFrame>();

        await server.DisposeAsync();

        foreach (var member in new[] { alice, bob, carol })
        {
            var rest = await member.ReadToEndAsync();
            var shutdown = Assert.IsType<ShutdownFrame>(Assert.Single(rest));
            Assert.False(string.IsNullOrWhiteSpace(shutdown.Message));
        }

        Assert.All(await stranger.ReadToEndAsync(), f => Assert.IsType<ShutdownFrame>(f));
        Assert.Equal(0, server.Server.ConnectionCount);
        Assert.Equal(0, server.Server.MemberCount);
        Assert.Empty(server.Logs.Problems);
    }

    [Fact]
    public async Task After_stopping_the_port_accepts_no_connection()
    {
        var server = await TestServer.StartAsync();
        var port = server.Port;
        await server.DisposeAsync();

        var error = await Assert.ThrowsAsync<SocketException>(() => RawClient.ConnectAsync(port));
        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
    }

    [Fact]
    public async Task Stopping_is_bounded_even_when_a_member_reads_nothing()
    {
        var server = await TestServer.StartAsync(o => o with
        {
            RateBurst = 1_000_000,
            SendQueueBytes = 64 * 1024 * 1024,
            ShutdownGrace = TimeSpan.FromMilliseconds(300),
        });
        await using var alice = await server.JoinAsync("alice");
        await using var stuck = await RawClient.ConnectAsync(server.Port, receiveBufferBytes: 4096);
        await stuck.JoinAsync("stuck");
        alice.KeepReceived = false;

        // Enough traffic that the stuck member's socket is full and its writer waits on it.
        await KernelBuffers.OverfillAsync(alice);
        Assert.Equal(2, server.Server.MemberCount);

        var clock = Stopwatch.StartNew();
        await server.Server.StopAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        output.WriteLine($"stopped in {clock.ElapsedMilliseconds} ms with a member that reads nothing (grace 300 ms)");

        Assert.IsType<ShutdownFrame>(Assert.Single(await alice.ReadToEndAsync()));
        Assert.Equal(0, server.Server.ConnectionCount);
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Stopping_twice_is_harmless()
    {
        var server = await TestServer.StartAsync();
        await using var alice = await server.JoinAsync("alice");

        await Task.WhenAll(server.Server.StopAsync(TestContext.Current.CancellationToken), server.Server.StopAsync(TestContext.Current.CancellationToken));
        await server.DisposeAsync();

        Assert.IsType<ShutdownFrame>(Assert.Single(await alice.ReadToEndAsync()));
    }
}
