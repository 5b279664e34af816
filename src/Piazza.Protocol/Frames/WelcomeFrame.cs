namespace Piazza.Protocol;

/// <summary>The server's acceptance of a <see cref="HelloFrame"/>.</summary>
/// <param name="User">The username the client now holds.</param>
/// <param name="Users">Everyone in the room, the newcomer included.</param>
/// <param name="Session">An opaque token for this membership.</param>
/// <param name="LastId">The id of the newest room event: the newcomer's own <c>joined</c>.</param>
/// <param name="Limits">The limits the server enforces.</param>
/// <param name="Server">The server's name and version.</param>
/// <param name="Account">True when the client signed in to a registered account (§10); false for a guest.</param>
/// <param name="Admin">True when the account is a server operator (§12).</param>
public sealed record WelcomeFrame(
    string User,
    IReadOnlyList<string> Users,
    string Session,
    long LastId,
    ServerLimits Limits,
    string Server,
    bool Account = false,
    bool Admin = false) : Frame
{
    /// <inheritdoc />
    public override string Type => FrameTypes.Welcome;
}
