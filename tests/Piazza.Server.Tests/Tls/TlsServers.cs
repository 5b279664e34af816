namespace Piazza.Server.Tests;

/// <summary>Servers that speak TLS, for the tests of protocol §11.</summary>
internal static class TlsServers
{
    /// <summary>
    /// A server with a fresh self-signed certificate from PEM files: its main port speaks TLS, or
    /// its TLS port does when <paramref name="configure"/> sets <see cref="ServerOptions.TlsPort"/>.
    /// </summary>
    public static Task<TestServer> StartAsync(
        TestCertificates certificates, Func<ServerOptions, ServerOptions>? configure = null, TimeProvider? time = null)
    {
        var pair = certificates.SelfSigned();
        return TestServer.StartAsync(o => (configure?.Invoke(o) ?? o) with { TlsCertFile = pair.CertificatePath, TlsKeyFile = pair.KeyPath }, time);
    }

    /// <summary>Starts a server that must refuse to start, and returns its sentence.</summary>
    public static async Task<ServerStartException> StartFailsAsync(Func<ServerOptions, ServerOptions> configure)
    {
        var options = configure(new ServerOptions { Host = "127.0.0.1", Port = 0, Store = StoreNames.Memory });
        await using var server = new ChatServer(options);
        return await Assert.ThrowsAsync<ServerStartException>(() => server.StartAsync());
    }
}
