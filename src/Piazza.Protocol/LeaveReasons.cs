namespace Piazza.Protocol;

/// <summary>The <c>reason</c> values of <c>left</c> frames.</summary>
public static class LeaveReasons
{
    /// <summary>The member said <c>bye</c>.</summary>
    public const string Quit = "quit";

    /// <summary>The socket closed or failed without <c>bye</c>.</summary>
    public const string Lost = "lost";

    /// <summary>Nothing was received for longer than the timeout.</summary>
    public const string Timeout = "timeout";

    /// <summary>The member could not keep up with what the room sent it.</summary>
    public const string Slow = "slow";

    /// <summary>Closed for a protocol violation such as <c>frame_too_large</c>.</summary>
    public const string Error = "error";

    /// <summary>A newer connection took over the name with the session token.</summary>
    public const string Replaced = "replaced";

    /// <summary>Removed by an operator.</summary>
    public const string Kicked = "kicked";

    /// <summary>The member left the room with <c>part</c> and stays connected.</summary>
    public const string Part = "part";
}
