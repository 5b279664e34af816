using Piazza.Server;
using Piazza.Testing;

namespace Piazza.Client.Core.Tests;

/// <summary>Real servers that speak TLS, and the options to reach them.</summary>
internal static class TlsServers
{
    /// <summary>A server whose main port speaks TLS with <paramref name="pair"/> (a fresh self-signed certificate when null).</summary>
    public static Task<TestServer> StartAsync(TestCertificates certificates, PemPair? pair = null, int port = 0,
        Func<ServerOptions, ServerOptions>? configure = null)
    {
        pair ??= certificates.SelfSigned();
        return TestServer.StartAsync(o => (configure?.Invoke(o) ?? o) with { TlsCertFile = pair.CertificatePath, TlsKeyFile = pair.KeyPath }, port: port);
    }

    /// <summary>Options for a TLS server on 127.0.0.1 that remember trusted certificates in <paramref name="known"/>.</summary>
    public static ChatConnectionOptions Options(int port, IKnownCertificates? known, string user = "alice", bool autoReconnect = false) =>
        Tests.Options.For(port, user, autoReconnect) with { UseTls = true, KnownCertificates = known };
}
