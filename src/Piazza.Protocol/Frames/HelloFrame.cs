namespace Piazza.Protocol;

/// <summary>A client's request to join under <paramref name="User"/>.</summary>
/// <param name="User">The username asked for.</param>
/// <param name="Protocol">The protocol version; absent means 1.</param>
/// <param name="Client">A free-form client name and version, for logs.</param>
/// <param name="Since">Version 1's cursor field; kept for compatibility, the server ignores it (cursors are per room, in <paramref name="Rooms"/>).</param>
/// <param name="Session">The session token of an earlier welcome, to take over the name from a connection not yet known to be dead.</param>
/// <param name="Rooms">
/// Version 2: the rooms to join, each with the client's cursor (an empty cursor means "none").
/// Absent means the default room, as in version 1.
/// </param>
/// <param name="Password">The account's password (§10); never logged.</param>
/// <param name="Register">True to create the account named <paramref name="User"/> with <paramref name="Password"/>.</param>
public sealed record HelloFrame(
    string User,
    int? Protocol = null,
    string? Client = null,
    long? Since = null,
    string? Session = null,
    IReadOnlyDictionary<string, RoomCursor>? Rooms = null,
    string? Password = null,
    bool? Register = null) : Frame
{
    /// <inheritdoc />
    public override string Type => FrameTypes.Hello;

    /// <summary>Leaves the password out, so a frame written to a log or an exception never carries it.</summary>
    public override string ToString() =>
        $"HelloFrame {{ User = {User}, Protocol = {Protocol}, Client = {Client}, Rooms = {Rooms?.Count}, Password = {(Password is null ? "none" : "***")}, Register = {Register} }}";
}
