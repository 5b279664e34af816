using System.Net;
using Piazza.Resilience.Tests.Support;

namespace Piazza.Resilience.Tests;

/// <summary>Refusals start exactly at the configured caps, with the contract's errors (§6).</summary>
public sealed class ConnectionCapTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_connection_after_the_last_allowed_one_is_told_server_full_and_closed()
    {
        const int Cap = 20;
        await using var server = await TestServer.StartAsync(o => o with { MaxConnections = Cap });
        var held = new List<Peer>();
        try
        {
            for (var i = 0; i < Cap; i++)
            {
                held.Add(await ServedPeerAsync(server.EndPoint));
            }

            Assert.Equal(Cap, server.Server.ConnectionCount);
            await using var extra = await Peer.ConnectAsync(server.EndPoint);
            Assert.Equal(ErrorCodes.ServerFull, (await extra.WaitForAsync<ErrorFrame>()).Code);
            await extra.Client.Completion.WaitAsync(Eventually.DefaultTimeout, TestContext.Current.CancellationToken);
            Assert.Single(extra.Frames);

            // One leaves: exactly one place opens.
            await held[0].DisposeAsync();
            held.RemoveAt(0);
            await Eventually.TrueAsync(() => server.Server.ConnectionCount == Cap - 1, what: "the freed slot");
            held.Add(await ServedPeerAsync(server.EndPoint));
            await using var another = await Peer.ConnectAsync(server.EndPoint);
            Assert.Equal(ErrorCodes.ServerFull, (await another.WaitForAsync<ErrorFrame>()).Code);
            Assert.Equal(Cap, server.Server.ConnectionCount);
            Assert.Empty(server.Logs.Problems);
            Figures.Report(output, "server_full", $"{Cap} connections served, connection {Cap + 1} refused with server_full at once; after one left, exactly one more was served");
        }
        finally
        {
            foreach (var peer in held)
            {
                await peer.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task The_connection_after_the_per_address_cap_is_told_too_many_connections_while_other_addresses_are_served()
    {
        const int PerAddress = 8;
        await using var lab = await NetworkLab.CreateOrSkipAsync();
        var server = await await lab.InServerAsync(() => TestServer.StartAsync(o => o with
        {
            Host = NetworkLab.ServerAddress.ToString(),
            MaxConnectionsPerIp = PerAddress,
        }));
        await using var _ = server;
        var endPoint = new IPEndPoint(NetworkLab.ServerAddress, server.Port);
        var held = new List<Peer>();
        try
        {
            for (var i = 0; i < PerAddress; i++)
            {
                held.Add(await ServedPeerAsync(endPoint, lab.ClientSocketFactory()));
            }

            await using var extra = await Peer.ConnectAsync(endPoint, createSocket: lab.ClientSocketFactory());
            Assert.Equal(ErrorCodes.TooManyConnections, (await extra.WaitForAsync<ErrorFrame>()).Code);
            await extra.Client.Completion.WaitAsync(Eventually.DefaultTimeout, TestContext.Current.CancellationToken);

            // The cap is per address: a neighbour at another address is served, and joins.
            await using var neighbour = await Peer.JoinAsync(endPoint, "neighbour", createSocket: lab.ClientSocketFactory(NetworkLab.SecondClientAddress));
            Assert.Equal(PerAddress + 1, server.Server.ConnectionCount);

            await held[0].DisposeAsync();
            held.RemoveAt(0);
            await Eventually.TrueAsync(() => server.Server.ConnectionCount == PerAddress, what: "the freed slot");
            held.Add(await ServedPeerAsync(endPoint, lab.ClientSocketFactory()));
            Assert.Empty(server.Logs.Problems);
            Figures.Report(output, "too_many_connections", $"{PerAddress} connections from {NetworkLab.ClientAddress} served, number {PerAddress + 1} refused with too_many_connections; {NetworkLab.SecondClientAddress} still served");
        }
        finally
        {
            foreach (var peer in held)
            {
                await peer.DisposeAsync();
            }
        }
    }

    /// <summary>A connection the server serves: it answers a ping.</summary>
    private static async Task<Peer> ServedPeerAsync(IPEndPoint server, Func<Task<System.Net.Sockets.Socket>>? createSocket = null)
    {
        var peer = await Peer.ConnectAsync(server, createSocket: createSocket);
        await peer.Client.SendAsync(PingFrame.Instance);
        await peer.WaitForAsync<Frame>(f => f is PongFrame or ErrorFrame);
        Assert.IsType<PongFrame>(peer.Frames[0]);
        return peer;
    }
}
