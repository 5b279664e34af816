using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Piazza.Irc.Tests.Support;

namespace Piazza.Irc.Tests;

/// <summary>Accounts through the IRC door: SASL PLAIN and PASS sign in to the same accounts as NDJSON's hello; TLS on --irc-tls-port.</summary>
public sealed class IrcAccountTests
{
    private const string Password = "correct horse battery";

    private static async Task RegisterOverNdjsonAsync(TestServer server, string name)
    {
        await using var client = await server.ConnectAsync();
        await client.SendAsync(new HelloFrame(name, 2, "piazza-tests", Rooms: new Dictionary<string, RoomCursor>(), Password: Password, Register: true));
        await client.ExpectAsync<WelcomeFrame>();
    }

    [Fact]
    public async Task SASL_PLAIN_signs_in_to_an_account_registered_over_NDJSON_and_WHOIS_shows_the_account()
    {
        await using var server = await TestServer.StartAsync(o => o with { IrcPort = 0 });
        await RegisterOverNdjsonAsync(server, "Carol");
        await using var irc = await IrcClient.ConnectAsync(server.Server.IrcEndPoint!.Port);

        await irc.SendAsync("CAP LS 302");
        await irc.SendAsync("CAP REQ :sasl");
        await irc.ExpectAsync(l => l.Contains(" ACK ", StringComparison.Ordinal));
        await irc.SendAsync("AUTHENTICATE PLAIN");
        await irc.ExpectAsync(l => l == "AUTHENTICATE +");
        await irc.SendAsync("AUTHENTICATE " + Convert.ToBase64String(Encoding.UTF8.GetBytes("\0carol\0" + Password)));
        var loggedIn = await irc.ExpectAsync(l => IrcClient.Command(l) == "900");
        var success = await irc.ExpectAsync(l => IrcClient.Command(l) is "903" or "904");
        await irc.SendAsync("NICK whatever");
        await irc.SendAsync("USER carol 0 * :Carol");
        await irc.SendAsync("CAP END");
        var welcome = await irc.ExpectAsync(l => IrcClient.Command(l) == "001");
        await irc.ExpectAsync(l => IrcClient.Command(l) == "376");
        await irc.SendAsync("WHOIS carol");
        var whois = await irc.SyncAsync();

        Assert.Contains(" Carol ", loggedIn, StringComparison.Ordinal);
        Assert.Equal("903", IrcClient.Command(success));
        Assert.StartsWith(":piazza.irc 001 Carol ", welcome, StringComparison.Ordinal);
        Assert.Contains(whois, l => IrcClient.Command(l) == "330");
    }

    [Fact]
    public async Task PASS_signs_in_a_wrong_one_gets_464_and_a_registered_nick_without_one_gets_433()
    {
        await using var server = await TestServer.StartAsync(o => o with { IrcPort = 0 });
        await RegisterOverNdjsonAsync(server, "dave");
        var port = server.Server.IrcEndPoint!.Port;

        await using var right = await IrcClient.ConnectAsync(port);
        await right.SendAsync("PASS :" + Password);
        await right.SendAsync("NICK dave");
        await right.SendAsync("USER dave 0 * :Dave");
        var welcome = await right.ExpectAsync(l => IrcClient.Command(l) is "001" or "464");

        await using var none = await IrcClient.ConnectAsync(port);
        await none.SendAsync("NICK erin");
        await none.SendAsync("USER erin 0 * :Erin");
        await none.ExpectAsync(l => IrcClient.Command(l) == "001");
        await RegisterOverNdjsonAsync(server, "frank");
        await using var unsigned = await IrcClient.ConnectAsync(port);
        await unsigned.SendAsync("NICK frank");
        await unsigned.SendAsync("USER frank 0 * :Frank");
        var registered = await unsigned.ExpectAsync(_ => true);

        await using var wrong = await IrcClient.ConnectAsync(port);
        await wrong.SendAsync("PASS :not the password at all");
        await wrong.SendAsync("NICK frank");
        await wrong.SendAsync("USER frank 0 * :Frank");
        var refused = await wrong.ExpectAsync(_ => true);
        var error = await wrong.ExpectAsync(l => IrcClient.Command(l) == "ERROR");

        Assert.Equal("001", IrcClient.Command(welcome));
        Assert.Equal("433", IrcClient.Command(registered));
        Assert.Contains("registered", registered, StringComparison.Ordinal);
        Assert.Equal("464", IrcClient.Command(refused));
        Assert.StartsWith("ERROR :Closing link", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_IRC_TLS_port_speaks_IRC_inside_TLS_with_the_server_s_certificate()
    {
        using var data = new TempDataDirectory();
        await using var server = await TestServer.StartAsync(o => o with { TlsSelfSigned = true, TlsPort = 0, IrcTlsPort = 0, DataDir = data.Path });
        var fingerprint = server.Server.CertificateFingerprint!;
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.Server.IrcTlsEndPoint!, TestContext.Current.CancellationToken);
        await using var tls = new SslStream(new NetworkStream(socket), false,
            (_, certificate, _, _) => certificate is not null
                && string.Equals(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(certificate.GetRawCertData())),
                    fingerprint.Replace(":", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, TestContext.Current.CancellationToken);
        await tls.WriteAsync("NICK gina\r\nUSER gina 0 * :Gina\r\n"u8.ToArray(), TestContext.Current.CancellationToken);
        using var reader = new StreamReader(tls, Encoding.UTF8);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var first = await reader.ReadLineAsync(cancel.Token);

        Assert.True(tls.IsAuthenticated);
        Assert.StartsWith(":piazza.irc 001 gina ", first, StringComparison.Ordinal);
    }
}
