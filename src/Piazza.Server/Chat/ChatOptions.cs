namespace Piazza.Server.Chat;

/// <summary>The chat's own settings, taken from the server's options.</summary>
/// <param name="DefaultRoom">The room a version 1 client (or a version 2 hello naming no rooms) joins.</param>
/// <param name="History">Recent messages replayed to a member that joins without a cursor.</param>
/// <param name="ReplayMax">The most events replayed after a cursor.</param>
/// <param name="MaxRoomsPerSession">Rooms one connection may be in.</param>
/// <param name="MaxRooms">Rooms the server holds.</param>
/// <param name="GuestsAllowed">False when only registered accounts may join (<c>--guests deny</c>).</param>
/// <param name="Admins">The server operators' names, lowercase (<c>--admins</c>).</param>
/// <param name="MaxSessionsPerAccount">Sessions one account may have open at once.</param>
/// <param name="MaxConversationsAtSignIn">Direct conversations opened at most when an account signs in.</param>
internal sealed record ChatOptions(
    string DefaultRoom,
    int History,
    int ReplayMax,
    int MaxRoomsPerSession,
    int MaxRooms,
    bool GuestsAllowed = true,
    IReadOnlySet<string>? Admins = null,
    int MaxSessionsPerAccount = 16,
    int MaxConversationsAtSignIn = 100)
{
    /// <summary>True when <paramref name="name"/> is a server operator's (whether or not it is registered yet).</summary>
    public bool IsAdminName(string name) => Admins?.Contains(name.ToLowerInvariant()) == true;
}
