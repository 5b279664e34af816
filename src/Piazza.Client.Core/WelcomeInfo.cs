namespace Piazza.Client.Core;

/// <summary>What the server said on accepting the join.</summary>
/// <param name="User">The username now held (as the server spells it).</param>
/// <param name="Users">Everyone in the room, this client included.</param>
/// <param name="LastId">The id of the newest room event at joining: this client's own <c>joined</c>.</param>
/// <param name="Host">The host connected to, as given in the options.</param>
/// <param name="Port">The port connected to.</param>
public sealed record WelcomeInfo(string User, IReadOnlyList<string> Users, long LastId, string Host, int Port);
