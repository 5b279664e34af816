using Piazza.Client.Core;

namespace Piazza.Client.Settings;

/// <summary>The certificates trusted on first use, kept per host and port in settings.json beside the rest of the settings.</summary>
public sealed class SettingsKnownCertificates(SettingsStore settings) : IKnownCertificates
{
    public ValueTask<KnownCertificate?> FindAsync(string host, int port, CancellationToken ct) => new(settings.FindCertificate(host, port));

    public ValueTask TrustAsync(KnownCertificate certificate, CancellationToken ct)
    {
        settings.TrustCertificate(certificate);
        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> ForgetAsync(string host, int port, CancellationToken ct) => new(settings.ForgetCertificate(host, port));
}
