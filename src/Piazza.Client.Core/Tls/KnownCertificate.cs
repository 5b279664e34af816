using System.Globalization;

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

    /// <summary>The key of a server: <c>host:port</c>, the host trimmed and lowercase, an IPv6 address in brackets.</summary>
    public static string KeyFor(string host, int port)
    {
        ArgumentNullException.ThrowIfNull(host);
        var name = host.Trim().TrimStart('[').TrimEnd(']').ToLowerInvariant();
        return string.Create(CultureInfo.InvariantCulture,
            $"{(name.Contains(':', StringComparison.Ordinal) ? "[" + name + "]" : name)}:{port}");
    }
}
