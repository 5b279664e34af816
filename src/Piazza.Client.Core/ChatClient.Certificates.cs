namespace Piazza.Client.Core;

public sealed partial class ChatClient
{
    /// <summary>
    /// Trusts on first use: remembers <paramref name="certificate"/> (from a failure's
    /// <see cref="ConnectFailure.Certificate"/>, once the person has compared its fingerprint) in
    /// <see cref="ChatConnectionOptions.KnownCertificates"/> for its host and port, in place of any
    /// other, stamped with this client's clock. The next connect with those options accepts it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The options have no <see cref="ChatConnectionOptions.KnownCertificates"/>.</exception>
    public async Task TrustCertificateAsync(ChatConnectionOptions options, PresentedCertificate certificate, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(certificate);
        var store = options.KnownCertificates
            ?? throw new InvalidOperationException("ChatConnectionOptions.KnownCertificates is null: there is nowhere to remember the certificate.");
        await store.TrustAsync(certificate.Trust(_time.GetUtcNow()), ct);
    }
}
