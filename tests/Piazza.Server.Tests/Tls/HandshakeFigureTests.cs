using System.Diagnostics;
using System.Security.Authentication;

namespace Piazza.Server.Tests;

/// <summary>
/// How long a TLS handshake takes against the real server, one after another and many at once,
/// beside a plain TCP connect: measured and reported, never asserted (the machine is shared).
/// Client and server run on the same processors, so each figure holds both sides' work.
/// </summary>
public sealed class HandshakeFigureTests(ITestOutputHelper output)
{
    private const int Sequential = 200;
    private const int Concurrent = 200;

    [Theory]
    [InlineData(false, SslProtocols.Tls13)]
    [InlineData(false, SslProtocols.Tls12)]
    [InlineData(true, SslProtocols.Tls13)]
    public async Task Handshakes_one_after_another_and_all_at_once(bool rsa, SslProtocols protocol)
    {
        using var certificates = new TestCertificates();
        var pair = certificates.SelfSigned(rsa: rsa);
        await using var server = await TestServer.StartAsync(o => o with { TlsCertFile = pair.CertificatePath, TlsKeyFile = pair.KeyPath, TlsPort = 0 });
        var kind = rsa ? "RSA 2048" : "ECDSA P-256";

        // Warm up both sides (JIT, the TLS library's first use) before anything is measured.
        for (var i = 0; i < 10; i++)
        {
            await using var warm = await RawClient.ConnectTlsAsync(server.TlsPort, pair.Fingerprint, protocols: protocol);
        }

        var plain = new double[Sequential];
        for (var i = 0; i < Sequential; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await using var client = await RawClient.ConnectAsync(server.Port);
            plain[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        var sequential = new double[Sequential];
        for (var i = 0; i < Sequential; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await using var client = await RawClient.ConnectTlsAsync(server.TlsPort, pair.Fingerprint, protocols: protocol);
            sequential[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        var all = Stopwatch.GetTimestamp();
        var clients = await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(async _ =>
        {
            var started = Stopwatch.GetTimestamp();
            var client = await RawClient.ConnectTlsAsync(server.TlsPort, pair.Fingerprint, protocols: protocol);
            return (Client: client, Ms: Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }));
        var wall = Stopwatch.GetElapsedTime(all);
        var spoken = clients.Select(c => c.Client.Tls!.SslProtocol).Distinct().ToArray();
        foreach (var (client, _) in clients)
        {
            await client.DisposeAsync();
        }

        output.WriteLine($"{kind}, {Describe(protocol)}, {Environment.ProcessorCount} processors shared by client and server:");
        output.WriteLine($"  plain TCP connect, one at a time:   {ThrottleTests.Describe(plain)}");
        output.WriteLine($"  TCP connect + TLS, one at a time:   {ThrottleTests.Describe(sequential)}");
        output.WriteLine($"  TCP connect + TLS, {Concurrent} at once:     {ThrottleTests.Describe([.. clients.Select(c => c.Ms)])}, all done in {wall.TotalMilliseconds:0} ms ({Concurrent / wall.TotalSeconds:0} handshakes/s)");
        Assert.Equal([protocol], spoken);
    }

    private static string Describe(SslProtocols protocol) => protocol == SslProtocols.Tls13 ? "TLS 1.3" : "TLS 1.2";
}
