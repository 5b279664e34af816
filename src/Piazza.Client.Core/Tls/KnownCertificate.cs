using System.Globalization;
using Piazza.Protocol;

namespace Piazza.Client.Core;

/// <summary>
/// A certificate the user chose to trust for one server, by its SHA-256 fingerprint: trust on
/// first use, for a server whose certificate the system does not trust (a self-signed one).
/// </summary>
/// <param name="Host">The server's host, as connected to.</param>
/// <param name="Port">The server's port.</param>
/// <param name="Fingerprint">The certificate's SHA-256 fingerprint, <c>AB:CD:...</c> (see <c>CertificateFingerprint</c>).</param>
/// <param name="TrustedAt">When the user trusted it.</param>
public sealed record KnownCertificate(string Host, int Port, string Fingerprint, DateTimeOffset TrustedAt)
{
    /// <summary>The server this is for, as one key: <c>host:port</c>, the host lowercase, an IPv6 address in brackets.</summary>
    public string Key => KeyFor(Host, Port);

    /// <summary>
    /// This certificate with its fingerprint in the canonical form (<c>AB:CD:...</c>); throws,
    /// naming the field and the rule, for an empty host, a port outside 1-65535 or a fingerprint
    /// that is not 32 bytes of hex.
    /// </summary>
    /// <exception cref="ArgumentException">A field breaks its rule.</exception>
    public KnownCertificate Checked()
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new ArgumentException("Host must name the server (an address or a host name).", nameof(Host));
        }

        if (Port is < 1 or > 65535)
        {
            throw new ArgumentException($"Port must be from 1 to 65535 ({Port} is not).", nameof(Port));
        }

        var fingerprint = CertificateFingerprint.Normalize(Fingerprint)
            ?? throw new ArgumentException(
                $"Fingerprint must be a SHA-256 fingerprint, 32 hex pairs such as 3A:F0:... ('{Fingerprint}' is not).", nameof(Fingerprint));
        return this with { Fingerprint = fingerprint };
    }

    /// <summary>The key of a server: <c>host:port</c>, the host trimmed and lowercase, an IPv6 address in brackets.</summary>
    public static string KeyFor(string host, int port)
    {
        ArgumentNullException.ThrowIfNull(host);
        var name = host.Trim().TrimStart('[').TrimEnd(']').ToLowerInvariant();
        return string.Create(CultureInfo.InvariantCulture,
            $"{(name.Contains(':', StringComparison.Ordinal) ? "[" + name + "]" : name)}:{port}");
    }
}
