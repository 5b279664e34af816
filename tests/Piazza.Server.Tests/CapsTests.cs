using System.Net;

namespace Piazza.Server.Tests;

/// <summary>Protocol §6 connection caps: in all, and per remote address (loopback exempt).</summary>
public sealed class CapsTests
{
    [Fact]
    public async Task Connections_up_to_the_limit_are_served_and_the_next_gets_server_full_at_once_and_is_closed()
    {
        const int Limit = 3;
        await using var server = await TestServer.StartAsync(o => o with { MaxConnections = Limit });
        var admitted = new List<RawClient>();
        try
        {
            // Each admitted connection proves it is served before the next one is made.
            for (var i = 0; i < Limit; i++)
            {
                var client = await server.ConnectAsync();
                admitted.Add(client);
                await client.SendAsync(PingFrame.Instance);
                await client.ExpectAsync<PongFrame>();
            }

            await admitted[^1].JoinAsync("last_in");
            Assert.Equal(Limit, server.Server.ConnectionCount);

            // The refused one has not said a word: the error comes on connect.
            await using var refused = await server.ConnectAsync();
            var rest = await refused.ReadToEndAsync();
            Assert.Equal(ErrorCodes.ServerFull, Assert.IsType<ErrorFrame>(Assert.Single(rest)).Code);
            Assert.Equal(Limit, server.Server.ConnectionCount);

            // A place that frees up is given to the next one.
            await admitted[0].DisposeAsync();
            admitted.RemoveAt(0);
            await Eventually.TrueAsync(() => server.Server.ConnectionCount == Limit - 1);
            await using var next = await server.ConnectAsync();
            await next.JoinAsync("next_in");
            Assert.Equal(Limit, server.Server.ConnectionCount);
        }
        finally
        {
            foreach (var client in admitted)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Connections_from_one_remote_address_are_capped_and_the_next_gets_too_many_connections_but_loopback_is_exempt()
    {
        const int PerAddress = 2;
        var address = LocalAddresses.NonLoopbackIPv4();
        if (address is null)
        {
            Assert.Skip("This machine has no IPv4 address other than loopback to connect from.");
        }

        await using var server = await TestServer.StartAsync(o => o with { Host = "0.0.0.0", MaxConnectionsPerIp = PerAddress });
        var clients = new List<RawClient>();
        try
        {
            for (var i = 0; i < PerAddress; i++)
            {
                var client = await RawClient.ConnectAsync(server.Port, local: address, remote: address);
                clients.Add(client);
                await client.JoinAsync($"remote{i}");
            }

            await using var refused = await RawClient.ConnectAsync(server.Port, local: address, remote: address);
            var rest = await refused.ReadToEndAsync();
            Assert.Equal(ErrorCodes.TooManyConnections, Assert.IsType<ErrorFrame>(Assert.Single(rest)).Code);

            // Loopback is not counted against anyone.
            for (var i = 0; i < PerAddress + 3; i++)
            {
                var local = await RawClient.ConnectAsync(server.Port, remote: IPAddress.Loopback);
                clients.Add(local);
                await local.JoinAsync($"local{i}");
            }

            // Closing one remote connection frees its address's place.
            await clients[0].DisposeAsync();
            clients.RemoveAt(0);
            await Eventually.TrueAsync(() => server.Server.ConnectionCount == (2 * PerAddress) + 2);
            var again = await RawClient.ConnectAsync(server.Port, local: address, remote: address);
            clients.Add(again);
            await again.JoinAsync("remote_again");
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }
}
