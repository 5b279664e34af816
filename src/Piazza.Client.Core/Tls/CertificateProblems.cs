namespace Piazza.Client.Core;

/// <summary>Why the system does not accept a server's certificate; several may hold at once.</summary>
[Flags]
public enum CertificateProblems
{
    /// <summary>The system accepts it.</summary>
    None = 0,

    /// <summary>Not issued by an authority the system trusts: self-signed, or from an unknown authority. Trust on first use applies.</summary>
    Untrusted = 1,

    /// <summary>Issued for other names than the host connected to.</summary>
    NameMismatch = 2,

    /// <summary>Past its end date.</summary>
    Expired = 4,

    /// <summary>Before its start date (often: this computer's clock is wrong).</summary>
    NotYetValid = 8,

    /// <summary>Revoked by its issuer.</summary>
    Revoked = 16,

    /// <summary>Anything else: a broken signature, a missing certificate, an unusable chain.</summary>
    Other = 32,
}
