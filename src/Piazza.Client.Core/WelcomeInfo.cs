using Piazza.Protocol;

namespace Piazza.Client.Core;

/// <summary>What the server said on accepting the connection.</summary>
/// <param name="User">The username now held (as the server spells it).</param>
/// <param name="Host">The host connected to, as given in the options.</param>
/// <param name="Port">The port connected to.</param>
/// <param name="Limits">The limits the server announced (text length, keepalive, flood-control rate).</param>
/// <param name="Security">How the connection is protected (TLS version, certificate fingerprint, why it is trusted); null over plain text.</param>
/// <param name="IsAccount">True when signed in to a registered account (§10); false for a guest.</param>
/// <param name="IsAdmin">True when the account is a server operator (§12): it may moderate every room and the whole server.</param>
public sealed record WelcomeInfo(string User, string Host, int Port, ServerLimits Limits, ConnectionSecurity? Security = null,
    bool IsAccount = false, bool IsAdmin = false);
