namespace Piazza.Server.Tests;

/// <summary>Refusals on connect (protocol §6, §15) on a TLS port: the handshake first, then the refusal inside TLS.</summary>
public sealed class TlsRefusalTests
{
    [Fact]
    public async Task A_full_server_refuses_on_the_tls_port_inside_tls_and_on_the_plain_port_in_plain_text()
    {
        using var certificates = new TestCertificates();
        await using var server = await TlsServers.StartAsync(certificates, o => o with { MaxConnections = 1, TlsPort = 0 });
        await using var member = await server.ConnectTlsAsync();
        await member.JoinAsync("member");

        await using var overTls = await server.ConnectTlsAsync();
        var tlsRefusal = await overTls.ReadToEndAsync();
        await using var overPlain = await server.ConnectAsync();
        var plainRefusal = await overPlain.ReadToEndAsync();

        Assert.NotNull(overTls.Tls);
        Assert.Equal(ErrorCodes.ServerFull, Assert.IsType<ErrorFrame>(Assert.Single(tlsRefusal)).Code);
        Assert.Equal(ErrorCodes.ServerFull, Assert.IsType<ErrorFrame>(Assert.Single(plainRefusal)).Code);
        Assert.Equal(1, server.Server.ConnectionCount);
    }

    [Fact]
    public async Task A_plain_text_client_refused_on_a_full_tls_port_is_told_in_plain_text()
    {
        using var certificates = new TestCertificates();
        await using var server = await TlsServers.StartAsync(certificates, o => o with { MaxConnections = 1 });
        await using var member = await server.ConnectTlsAsync();
        await member.JoinAsync("member");

        await using var plain = await server.ConnectAsync();
        await plain.SendAsync(new HelloFrame("late"));
        var refusal = await plain.ReadToEndAsync();

        Assert.Equal(ErrorCodes.ServerFull, Assert.IsType<ErrorFrame>(Assert.Single(refusal)).Code);
    }
}
