using System.Net.Sockets;

namespace Piazza.Client.Core;

/// <summary>
/// Several servers of one chat (<c>host1:port,host2:port</c> in <see cref="ChatConnectionOptions.Host"/>,
/// or <see cref="ChatConnectionOptions.OtherServers"/>): an attempt dials the server that served
/// last, then each other in turn, so a client whose server is gone moves to the next one and
/// catches up there by its cursors (the nodes share one history and its ids).
/// </summary>
public sealed partial class ChatClient
{
    private int _serverIndex;

    /// <summary>The server the last successful dial reached (the first one before any).</summary>
    private (string Host, int Port) ServingServer(ChatConnectionOptions options)
    {
        ServerAddress[] servers = [new(options.Host, options.Port), .. options.OtherServers ?? []];
        var server = servers[Volatile.Read(ref _serverIndex) % servers.Length];
        return (server.Host, server.Port);
    }

    /// <summary>Splits a host written as a list into the first server and the others; anything else is left as it is.</summary>
    private static ChatConnectionOptions ExpandServers(ChatConnectionOptions options)
    {
        if (!options.Host.Contains(',', StringComparison.Ordinal)
            || !ServerAddress.TryParseList(options.Host, options.Port, out var servers, out _))
        {
            return options;
        }

        return options with
        {
            Host = servers[0].Host,
            Port = servers[0].Port,
            OtherServers = [.. servers.Skip(1), .. options.OtherServers ?? []],
        };
    }

    /// <summary>Dials the servers from the one that served last; returns the socket, the options naming the server reached, or the last failure.</summary>
    private async Task<(Socket? Socket, ConnectFailure? Failure, ChatConnectionOptions Server)> DialAnyAsync(ChatConnectionOptions options, CancellationToken ct)
    {
        ServerAddress[] servers = [new(options.Host, options.Port), .. options.OtherServers ?? []];
        var start = Volatile.Read(ref _serverIndex) % servers.Length;
        (Socket?, ConnectFailure?, ChatConnectionOptions) last = default;
        for (var i = 0; i < servers.Length; i++)
        {
            var index = (start + i) % servers.Length;
            var server = options with { Host = servers[index].Host, Port = servers[index].Port };
            var (socket, failure) = await Dialer.ConnectAsync(server.Host, server.Port, ct);
            if (failure is null)
            {
                Volatile.Write(ref _serverIndex, index);
                return (socket, null, server);
            }

            last = (null, failure, server);
        }

        return last;
    }
}
