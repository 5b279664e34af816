namespace Piazza.Client.Settings;

/// <summary>What the connect form and the chat remember between runs (the rooms of each account are kept beside it, see <see cref="SettingsStore"/>).</summary>
public sealed record ClientSettings
{
    public static ClientSettings Default { get; } = new();

    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 5000;

    public string Username { get; init; } = "";

    /// <summary>The connect form's "Use TLS" choice. (Passwords are never kept.)</summary>
    public bool UseTls { get; init; }

    /// <summary>Desktop notifications for mentions and direct messages (the "Desktop notifications" switch).</summary>
    public bool Notifications { get; init; } = true;

    /// <summary>The browser's permission for notifications was asked for once already; it is not asked again by itself.</summary>
    public bool NotificationsAsked { get; init; }
}

/// <summary>Where one account (server and username) was: its rooms with their cursors, the room on screen, and what was unread.</summary>
/// <param name="Rooms">The rooms and conversations, in the order joined, each with its cursor.</param>
/// <param name="Current">The room on screen when the app last showed it, or null.</param>
/// <param name="Unread">What was unread in each room when the app last closed.</param>
public sealed record AccountPlace(IReadOnlyList<Piazza.Client.Core.SavedRoom> Rooms, string? Current, IReadOnlyDictionary<string, UnreadCount> Unread);

/// <summary>What was unread in a room: how many messages, how many of them call for you, and whether one named you.</summary>
public sealed record UnreadCount(int Messages, int Alerts, bool Mentioned);
