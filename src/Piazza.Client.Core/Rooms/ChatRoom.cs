namespace Piazza.Client.Core;

/// <summary>A room or direct conversation the client is in, as it stands.</summary>
/// <param name="Room">The room (<c>#dev</c>, lowercase) or conversation (<c>@bob</c>, the other person, lowercase).</param>
/// <param name="IsJoined">True while the server has it open for this connection (false while disconnected or joining).</param>
/// <param name="Topic">The room's topic, or null.</param>
/// <param name="Users">The members present (a conversation: both people).</param>
/// <param name="Epoch">The epoch of the room's history, once known: part of the cursor.</param>
/// <param name="LastId">The id of the newest event handed out (0 before any): the other part of the cursor.</param>
/// <param name="ReachedBeginning">True once <see cref="ChatClient.LoadOlderAsync"/> found nothing older.</param>
/// <param name="Operators">The room's operators (accounts, lowercase), as the server listed them and moderation changed them since; null when there are none.</param>
public sealed record ChatRoom(
    string Room,
    bool IsJoined,
    string? Topic,
    IReadOnlyList<string> Users,
    string? Epoch,
    long LastId,
    bool ReachedBeginning,
    IReadOnlyList<string>? Operators = null)
{
    /// <summary>True when <paramref name="user"/> is one of the room's operators.</summary>
    public bool IsOperator(string user) => Operators?.Contains(user, Piazza.Protocol.UsernameRules.Comparer) == true;

    /// <summary>True for a direct conversation (<c>@bob</c>).</summary>
    public bool IsDirect => Room.StartsWith('@');
}
