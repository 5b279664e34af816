using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Piazza.Protocol;

/// <summary>
/// A certificate's SHA-256 fingerprint as the server prints it and clients show it (protocol
/// §11): the hash of the certificate's DER bytes, as 32 upper-case hex pairs joined by colons
/// (<c>3A:F0:...</c>), the form <c>openssl x509 -fingerprint -sha256</c> prints. A person compares
/// the two by eye, so both sides use this one form.
/// </summary>
public static class CertificateFingerprint
{
    /// <summary>The length of a fingerprint in this form: 32 pairs and 31 colons.</summary>
    public const int Length = (32 * 3) - 1;

    /// <summary>The SHA-256 fingerprint of <paramref name="certificate"/>.</summary>
    public static string Of(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Format(SHA256.HashData(certificate.RawDataMemory.Span));
    }

    /// <summary>The colon-separated form of a 32-byte hash.</summary>
    public static string Format(ReadOnlySpan<byte> sha256)
    {
        if (sha256.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException($"A SHA-256 hash is {SHA256.HashSizeInBytes} bytes, not {sha256.Length}.", nameof(sha256));
        }

        return string.Join(':', Convert.ToHexString(sha256).Chunk(2).Select(pair => new string(pair)));
    }

    /// <summary>
    /// Reads a fingerprint a person typed or pasted: hex pairs with or without colons, spaces or
    /// dashes, in any case, optionally after <c>sha256:</c> or <c>SHA256 Fingerprint=</c>. Returns
    /// the canonical form, or null when it is not 32 bytes of hex.
    /// </summary>
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var value = text.Trim();
        var equals = value.LastIndexOf('=');
        if (equals >= 0)
        {
            value = value[(equals + 1)..];
        }

        if (value.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase))
        {
            value = value["sha256:".Length..];
        }

        var hex = new string([.. value.Where(c => c is not (':' or ' ' or '-'))]);
        if (hex.Length != SHA256.HashSizeInBytes * 2 || !hex.All(char.IsAsciiHexDigit))
        {
            return null;
        }

        return Format(Convert.FromHexString(hex));
    }
}
