using System.Security.Cryptography;

namespace Piazza.Server.Tests;

/// <summary>Every TLS option the operator can get wrong stops the start with one sentence naming the option and the rule.</summary>
public sealed class TlsStartupTests
{
    [Fact]
    public async Task A_missing_certificate_file_is_named()
    {
        using var certificates = new TestCertificates();
        var pair = certificates.SelfSigned();
        var missing = Path.Combine(certificates.Directory, "nowhere.pem");

        var failure = await TlsServers.StartFailsAsync(o => o with { TlsCertFile = missing, TlsKeyFile = pair.KeyPath });

        Assert.Equal($"--tls-cert: the file '{missing}' does not exist.", failure.Message);
    }

    [Fact]
    public async Task A_directory_instead_of_a_key_file_is_named()
    {
        using var certificates = new TestCertificates();
        var pair = certificates.SelfSigned();

        var failure = await TlsServers.StartFailsAsync(o => o with { TlsCertFile = pair.CertificatePath, TlsKeyFile = certificates.Directory });

        Assert.Equal($"--tls-key: '{certificates.Directory}' is a directory; name the PEM file itself.", failure.Message);
    }

    [Fact]
    public async Task An_unreadable_key_file_is_named()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows() || Environment.UserName == "root", "File modes do not keep this user out.");
        using var certificates = new TestCertificates();
        var pair = certificates.SelfSigned();
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(pair.KeyPath, UnixFileMode.None);
        }

        var failure = await TlsServers.StartFailsAsync(o => o with { TlsCertFile = pair.CertificatePath, TlsKeyFile = pair.KeyPath });

        Assert.Equal($"--tls-key: '{pair.KeyPath}' cannot be read by this user (permission denied).", failure.Message);
    }

    [Fact]
    public async Task A_file_that_is_not_pem_is_said_to_hold_no_certificate()
    {
        using var certificates = new TestCertificates();
        var pair = certificates.SelfSigned();
        var text = certificates.WriteFile("notes.txt", "this is not a certificate\n");

        var failure = await TlsServers.StartFailsAsync(o => o with { TlsCertFile = text, TlsKeyFile = pair.KeyPath });

        Assert.Equal($"--tls-cert: '{text}' holds no PEM certificate (a block beginning -----BEGIN CERTIFICATE-----).", failure.Message);
    }

    [Fact]
    public async Task A_damaged_certificate_block_is_said_to_be_invalid()
    {
        using var certificates = new TestCertificates();
        var pair = certificates.SelfSigned();
        var damaged = certificates.WriteFile("damaged.pem", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");

        var failure = await TlsServers.StartFailsAsync(o => o with { TlsCertFile = damaged, TlsKeyFile = pair.KeyPath });

        Assert.StartsWith($"--tls-cert: '{damaged}' holds a CERTIFICATE block that is not a valid certificate (", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Certificate_and_key_the_wrong_way_round_are_said_to_be_swapped()
    {
        using var certificates = new TestCertificates();
        var pair = certificates.SelfSigned();

        var failure = await TlsServers.StartFailsAsync(o => o with { TlsCertFile = pair.KeyPath, TlsKeyFile = pair.CertificatePath });

        Assert.Equal($"--tls-cert: '{pair.KeyPath}' holds a private key, not a certificate; are the certificate and the key the wrong way round?", failure.Message);
    }

    [Fact]
    public async Task A_key_that_belongs_to_another_certificate_is_refused()
    {
        using var certificates = new TestCertificates();
        var one = certificates.SelfSigned();
        var other = certificates.SelfSigned();

        var failure = await TlsServers.StartFailsAsync(o => o with { TlsCertFile = one.CertificatePath, TlsKeyFile = other.KeyPath });

        Assert.Equal($"--tls-key: the private key in '{other.KeyPath}' does not belong to the certificate in '{one.CertificatePath}'.", failure.Message);
    }

    [Fact]
    public async Task A_key_of_another_kind_than_the_certificate_is_refused()
    {
        using var certificates = new TestCertificates();
        var ecdsa = certificates.SelfSigned();
        var rsa = certificates.SelfSigned(rsa: true);

        var failure = await TlsServers.StartFailsAsync(o => o with { TlsCertFile = ecdsa.CertificatePath, TlsKeyFile = rsa.KeyPath });

        Assert.Equal($"--tls-key: '{rsa.KeyPath}' holds an RSA key but the certificate is for an ECDSA key: the key does not belong to the certificate.", failure.Message);
    }

    [Fact]
    public async Task An_encrypted_key_is_refused_with_the_way_to_decrypt_it()
    {
        using var certificates = new TestCertificates();
        var pair = certificates.SelfSigned();
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(pair.KeyPath));
        var encrypted = certificates.WriteFile("encrypted.pem", key.ExportEncryptedPkcs8PrivateKeyPem("passphrase",
            new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000)));

        var failure = await TlsServers.StartFailsAsync(o => o with { TlsCertFile = pair.CertificatePath, TlsKeyFile = encrypted });

        Assert.StartsWith($"--tls-key: '{encrypted}' is encrypted with a passphrase, which the server cannot ask for;", failure.Message, StringComparison.Ordinal);
        Assert.Contains("openssl pkey", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_rsa_certificate_serves_as_well_as_an_ecdsa_one()
    {
        using var certificates = new TestCertificates();
        var rsa = certificates.SelfSigned(rsa: true);
        await using var server = await TestServer.StartAsync(o => o with { TlsCertFile = rsa.CertificatePath, TlsKeyFile = rsa.KeyPath });

        await using var client = await server.ConnectTlsAsync();
        await client.JoinAsync("alice");

        Assert.Equal(rsa.Fingerprint, server.Server.CertificateFingerprint);
    }

    [Fact]
    public async Task A_tls_port_in_use_is_named_and_the_main_port_is_released_again()
    {
        using var certificates = new TestCertificates();
        var pair = certificates.SelfSigned();
        using var holder = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        holder.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        holder.Listen();
        var taken = ((System.Net.IPEndPoint)holder.LocalEndPoint!).Port;
        var main = Ports.Free();

        var failure = await TlsServers.StartFailsAsync(o => o with
        {
            Port = main, TlsPort = taken, TlsCertFile = pair.CertificatePath, TlsKeyFile = pair.KeyPath,
        });
        await using var again = await TestServer.StartAsync(port: main);

        Assert.Equal($"--tls-port: port {taken} is already in use on 127.0.0.1; stop the other program or choose another port.", failure.Message);
        Assert.Equal(main, again.Port);
    }

    [Theory]
    [InlineData("cert-only", "--tls-cert needs --tls-key: the PEM file with the certificate's private key.")]
    [InlineData("key-only", "--tls-key needs --tls-cert: the PEM file with the certificate the key belongs to.")]
    [InlineData("both-ways", "--tls self-signed and --tls-cert/--tls-key are two ways to get a certificate: give one of them.")]
    [InlineData("port-without-tls", "--tls-port needs a certificate: add --tls self-signed, or --tls-cert and --tls-key.")]
    [InlineData("same-port", "--tls-port (5123) must differ from --port (5123); to serve TLS on --port itself, leave --tls-port out.")]
    public async Task Options_that_do_not_go_together_are_refused_naming_both(string combination, string sentence)
    {
        var failure = await TlsServers.StartFailsAsync(o => combination switch
        {
            "cert-only" => o with { TlsCertFile = "cert.pem" },
            "key-only" => o with { TlsKeyFile = "key.pem" },
            "both-ways" => o with { TlsSelfSigned = true, TlsCertFile = "cert.pem", TlsKeyFile = "key.pem" },
            "port-without-tls" => o with { TlsPort = 5124 },
            _ => o with { TlsSelfSigned = true, Port = 5123, TlsPort = 5123 },
        });

        Assert.Equal(sentence, failure.Message);
    }
}
