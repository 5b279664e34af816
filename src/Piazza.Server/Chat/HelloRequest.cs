using System.Net;

namespace Piazza.Server.Chat;

/// <summary>What a connection asks for when it says hello: a name, as a guest or signing in to (or registering) an account.</summary>
/// <param name="Name">The username.</param>
/// <param name="Protocol">The protocol version.</param>
/// <param name="Token">A session token to take over, if any.</param>
/// <param name="NewToken">The token the new session gets.</param>
/// <param name="Address">Where the connection comes from.</param>
/// <param name="Password">The account's password; null for a guest. Never logged.</param>
/// <param name="Register">True to create the account.</param>
/// <param name="FromLoopback">True when the connection comes from this machine.</param>
internal sealed record HelloRequest(
    string Name,
    int Protocol,
    string? Token,
    string NewToken,
    IPAddress? Address,
    string? Password,
    bool Register,
    bool FromLoopback)
{
    /// <summary>Leaves the password out.</summary>
    public override string ToString() => $"HelloRequest {{ Name = {Name}, Protocol = {Protocol}, Address = {Address}, Password = {(Password is null ? "none" : "***")}, Register = {Register} }}";
}
