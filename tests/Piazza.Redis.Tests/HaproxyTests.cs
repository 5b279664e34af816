using System.Net.Sockets;
using Piazza.Protocol;
using Piazza.Redis.Tests.Support;
using Piazza.Testing;

namespace Piazza.Redis.Tests;

/// <summary>
/// docs/scaling.md's "three nodes behind one address": its HAProxy configuration, taken from the
/// document, is valid, and in front of real nodes it lets a client in and moves it to a live node
/// when its own is stopped.
/// </summary>
public sealed class HaproxyTests(ITestOutputHelper output)
{
    private const string Room = "#lb";
    private const string Password = "correct horse battery";

    [Fact]
    public async Task The_documented_configuration_is_valid()
    {
        Assert.SkipWhen(Haproxy.Missing is not null, Haproxy.Missing ?? "");
        var config = Haproxy.Configure(Ports.Free(), [Ports.Free(), Ports.Free(), Ports.Free()]);

        var (exitCode, said) = await Haproxy.CheckAsync(config);

        output.WriteLine(config);
        output.WriteLine(said);
        Assert.Equal(0, exitCode);
        Assert.Contains("Configuration file is valid", said, StringComparison.Ordinal);
        Assert.DoesNotContain("[WARNING]", said, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_connects_through_it_and_moves_to_the_other_node_when_its_node_stops()
    {
        Assert.SkipWhen(RedisServer.Missing is not null, RedisServer.Missing ?? "");
        Assert.SkipWhen(Haproxy.Missing is not null, Haproxy.Missing ?? "");
        await using var redis = await RedisServer.StartAsync();
        var nodes = (await Nodes.StartAsync(redis, 2)).ToList();

        // node3 of the document is a port nothing listens on: a dead node from the start.
        var front = Ports.Free();
        await using var haproxy = await Haproxy.StartAsync(Haproxy.Configure(front, [nodes[0].Port, nodes[1].Port, Ports.Free()]), front);
        try
        {
            await using (var registering = await nodes[0].ConnectAsync())
            {
                await registering.SendAsync(new HelloFrame("walker", 2, "piazza-tests", Rooms: Rooms(), Password: Password, Register: true));
                await registering.ExpectAsync<WelcomeFrame>();
                await registering.SendAsync(ByeFrame.Instance);
                await registering.ReadToEndAsync();
            }

            var (walker, tries) = await SignInThroughAsync(haproxy.Port);
            var first = await Eventually.ValueAsync(() => nodes.Find(n => n.Server.MemberCount == 1), TimeSpan.FromSeconds(30), "the node the client landed on");
            var other = nodes.Single(n => n != first);
            output.WriteLine($"through haproxy to node {nodes.IndexOf(first!) + 1} after {tries} attempt(s)");
            await using var watcher = await other.ConnectAsync();
            await watcher.EnterAsync("watcher", Room);
            await walker.SayInAsync(Room, "through the balancer");
            await watcher.ExpectAsync<MessageFrame>(m => m.Text == "through the balancer" && m.From == "walker");

            // Its node stops: the balancer closes the client's connection; the client connects to
            // the same address again and lands on the node that is left.
            await first!.DisposeAsync();
            nodes.Remove(first);
            await walker.ReadToEndAsync(TimeSpan.FromSeconds(60));
            await walker.DisposeAsync();
            var (moved, retries) = await SignInThroughAsync(haproxy.Port);
            await using (moved)
            {
                output.WriteLine($"moved to the other node after {retries} attempt(s)");
                await Eventually.TrueAsync(() => other.Server.MemberCount == 2, TimeSpan.FromSeconds(30), "the moved client on the node that is left");
                await moved.SayInAsync(Room, "still here");
                await watcher.ExpectAsync<MessageFrame>(m => m.Text == "still here" && m.From == "walker");
            }
        }
        finally
        {
            await Nodes.StopAsync(nodes);
        }
    }

    /// <summary>
    /// Signs in through the balancer, connecting again while it sends the connection to a node that
    /// is gone (it finds out by its health checks, a second apart); returns the client and how many
    /// attempts it took.
    /// </summary>
    private static async Task<(RawClient Client, int Attempts)> SignInThroughAsync(int port)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        for (var attempt = 1; ; attempt++)
        {
            var client = await RawClient.ConnectAsync(port);
            try
            {
                await client.SendAsync(new HelloFrame("walker", 2, "piazza-tests", Rooms: Rooms(), Password: Password));
                await client.ExpectAsync<WelcomeFrame>(timeout: TimeSpan.FromSeconds(20));
                await client.ExpectAsync<RoomFrame>(r => r.Room == Room, TimeSpan.FromSeconds(20));
                return (client, attempt);
            }
            catch (Exception e) when (e is EndOfStreamException or IOException or SocketException && !guard.IsCancellationRequested)
            {
                await client.DisposeAsync();
                await Task.Delay(200, guard.Token);
            }
        }
    }

    private static Dictionary<string, RoomCursor> Rooms() => new() { [Room] = RoomCursor.None };
}
