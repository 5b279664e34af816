namespace Piazza.Protocol;

/// <summary>
/// A change of the signed-in account's password (§10). From a client, the request: the current
/// <paramref name="Password"/> and the <paramref name="NewPassword"/>. From the server, the
/// confirmation: <paramref name="Changed"/> true and no passwords.
/// </summary>
/// <param name="Password">The current password (request); never logged.</param>
/// <param name="NewPassword">The new password (request); never logged.</param>
/// <param name="Changed">True in the server's confirmation.</param>
public sealed record PasswordFrame(string? Password = null, string? NewPassword = null, bool? Changed = null) : Frame
{
    /// <summary>The server's confirmation that the password was changed.</summary>
    public static PasswordFrame Confirmation { get; } = new(Changed: true);

    /// <inheritdoc />
    public override string Type => FrameTypes.Password;

    /// <summary>Leaves both passwords out, so a frame written to a log or an exception never carries them.</summary>
    public override string ToString() =>
        $"PasswordFrame {{ Password = {Hidden(Password)}, NewPassword = {Hidden(NewPassword)}, Changed = {Changed} }}";

    private static string Hidden(string? secret) => secret is null ? "none" : "***";
}
