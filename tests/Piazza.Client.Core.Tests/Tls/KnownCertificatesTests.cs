using Piazza.Protocol;

namespace Piazza.Client.Core.Tests;

/// <summary>The stores of trusted certificates: per host and port, replaced whole, private to the user.</summary>
public sealed class KnownCertificatesTests : IDisposable
{
    private const string One = "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF";
    private const string Two = "FF:EE:DD:CC:BB:AA:99:88:77:66:55:44:33:22:11:00:FF:EE:DD:CC:BB:AA:99:88:77:66:55:44:33:22:11:00";
    private readonly string _folder = Directory.CreateTempSubdirectory("piazza-known-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Stores => ["memory", "file"];

    private IKnownCertificates Create(string kind) =>
        kind == "file" ? new FileKnownCertificates(Path.Combine(_folder, "known-certificates.json")) : new MemoryKnownCertificates();

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_certificate_is_kept_per_host_and_port_replaced_by_the_next_and_forgotten(string kind)
    {
        var store = Create(kind);
        var at = new DateTimeOffset(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

        await store.TrustAsync(new KnownCertificate("Chat.Example.org", 5001, One, at), default);
        await store.TrustAsync(new KnownCertificate("chat.example.org", 5002, Two, at), default);
        var found = await store.FindAsync("CHAT.example.ORG ", 5001, default);
        await store.TrustAsync(new KnownCertificate("chat.example.org", 5001, Two, at.AddDays(1)), default);
        var replaced = await store.FindAsync("chat.example.org", 5001, default);
        var forgot = await store.ForgetAsync("chat.example.org", 5002, default);
        var again = await store.ForgetAsync("chat.example.org", 5002, default);

        Assert.Equal(One, found!.Fingerprint);
        Assert.Equal(at, found.TrustedAt);
        Assert.Equal(Two, replaced!.Fingerprint);
        Assert.True(forgot);
        Assert.False(again);
        Assert.Null(await store.FindAsync("chat.example.org", 5002, default));
        Assert.Null(await store.FindAsync("other.example.org", 5001, default));
        (store as IDisposable)?.Dispose();
    }

    [Fact]
    public async Task The_file_is_readable_by_this_user_only_and_a_damaged_one_is_replaced_at_the_next_trust()
    {
        var path = Path.Combine(_folder, "sub", "known-certificates.json");
        using var store = new FileKnownCertificates(path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, "{ not json");

        await Assert.ThrowsAsync<InvalidDataException>(async () => await store.FindAsync("h", 1, default));
        await store.TrustAsync(new KnownCertificate("h", 1, One, DateTimeOffset.UnixEpoch), default);

        Assert.Equal(One, (await store.FindAsync("h", 1, default))!.Fingerprint);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_fingerprint_in_another_form_is_kept_canonical_and_a_bad_one_is_refused_naming_the_field(string kind)
    {
        var store = Create(kind);

        await store.TrustAsync(new KnownCertificate("h", 1, One.Replace(":", "", StringComparison.Ordinal).ToLowerInvariant(), DateTimeOffset.UnixEpoch), default);
        var bad = await Assert.ThrowsAsync<ArgumentException>(async () => await store.TrustAsync(new KnownCertificate("h", 2, "AB:CD", DateTimeOffset.UnixEpoch), default));
        var port = await Assert.ThrowsAsync<ArgumentException>(async () => await store.TrustAsync(new KnownCertificate("h", 0, One, DateTimeOffset.UnixEpoch), default));

        Assert.Equal(One, (await store.FindAsync("h", 1, default))!.Fingerprint);
        Assert.Equal("Fingerprint", bad.ParamName);
        Assert.StartsWith("Fingerprint must be a SHA-256 fingerprint, 32 hex pairs", bad.Message, StringComparison.Ordinal);
        Assert.Equal("Port", port.ParamName);
        Assert.Null(await store.FindAsync("h", 2, default));
        (store as IDisposable)?.Dispose();
    }

    [Theory]
    [InlineData("::1", 5000, "[::1]:5000")]
    [InlineData("[::1]", 5000, "[::1]:5000")]
    [InlineData(" Chat.Example.ORG ", 443, "chat.example.org:443")]
    [InlineData("127.0.0.1", 5000, "127.0.0.1:5000")]
    public void The_key_of_a_server_is_its_host_lowercase_and_its_port(string host, int port, string key) =>
        Assert.Equal(key, KnownCertificate.KeyFor(host, port));

    [Theory]
    [InlineData("00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF")]
    [InlineData("sha256 Fingerprint=00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF")]
    [InlineData("sha256:00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff 00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff")]
    public void A_fingerprint_typed_or_pasted_in_any_common_form_reads_as_the_canonical_one(string typed) =>
        Assert.Equal(One, CertificateFingerprint.Normalize(typed));

    [Theory]
    [InlineData("")]
    [InlineData("00:11")]
    [InlineData("zz112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF")]
    public void Anything_else_is_not_a_fingerprint(string typed) => Assert.Null(CertificateFingerprint.Normalize(typed));
}
