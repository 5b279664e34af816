using System.Diagnostics;
using System.Net;

namespace Piazza.Bench;

/// <summary>Connects and joins many clients, a bounded number at a time, spread over source addresses.</summary>
internal sealed class ClientSet
{
    /// <summary>One source address has about 28,000 ephemeral ports; stay well below.</summary>
    public const int ClientsPerSourceAddress = 20_000;

    private ClientSet(BenchClient[] clients, TimeSpan connectTime)
    {
        Clients = clients;
        ConnectTime = connectTime;
    }

    public BenchClient[] Clients { get; }

    public TimeSpan ConnectTime { get; }

    /// <summary>127.0.0.1, 127.0.0.2, …: loopback has the whole 127/8 range.</summary>
    public static IPAddress[] SourceAddressesFor(IPAddress server, int clients, int? asked)
    {
        var count = asked ?? (clients + ClientsPerSourceAddress - 1) / ClientsPerSourceAddress;
        if (!IPAddress.IsLoopback(server) || server.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || count <= 1)
        {
            return [];
        }

        return [.. Enumerable.Range(1, count).Select(i => new IPAddress(new byte[] { 127, 0, (byte)(i >> 8), (byte)(i & 0xFF) }))];
    }

    /// <summary>
    /// Connects <paramref name="count"/> clients. The source addresses are chosen for the whole
    /// run (<see cref="BenchSettings.Clients"/>), not for this set: a run that connects its
    /// members in parts must not put them all on one address.
    /// </summary>
    public static async Task<ClientSet> ConnectAsync(
        BenchSettings settings, int count, RunContext context, string userPrefix, bool holdBuffers,
        Action<int>? progress, CancellationToken cancellationToken)
    {
        var sources = SourceAddressesFor(settings.Server.Address, settings.Clients, settings.SourceAddresses);
        var clients = new BenchClient[count];
        var joined = 0;
        var clock = Stopwatch.StartNew();
        try
        {
            await Parallel.ForAsync(0, count,
            new ParallelOptions { MaxDegreeOfParallelism = settings.ConnectConcurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var local = sources.Length == 0 ? null : sources[i % sources.Length];
                clients[i] = await BenchClient.ConnectAsync(
                    settings.ServerFor(i), local, i, $"{userPrefix}{i}", context, settings.ReadBufferBytes, holdBuffers,
                    settings.JoinTimeout, ct);
                progress?.Invoke(Interlocked.Increment(ref joined));
            });
        }
        catch
        {
            foreach (var client in clients)
            {
                client?.Close();
            }

            throw;
        }

        return new ClientSet(clients, clock.Elapsed);
    }

    public void CloseAll()
    {
        foreach (var client in Clients)
        {
            client?.Close();
        }
    }
}
