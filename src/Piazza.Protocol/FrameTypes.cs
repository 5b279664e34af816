namespace Piazza.Protocol;

/// <summary>The values of the <c>type</c> field, as they appear on the wire.</summary>
public static class FrameTypes
{
    /// <summary>Client asks to join.</summary>
    public const string Hello = "hello";
    /// <summary>Server accepts a hello.</summary>
    public const string Welcome = "welcome";
    /// <summary>Client sends a message.</summary>
    public const string Say = "say";
    /// <summary>Server confirms a say to its sender.</summary>
    public const string Ack = "ack";
    /// <summary>A room message.</summary>
    public const string Message = "message";
    /// <summary>Room event: someone joined.</summary>
    public const string Joined = "joined";
    /// <summary>Room event: someone left.</summary>
    public const string Left = "left";
    /// <summary>Polite leave.</summary>
    public const string Bye = "bye";
    /// <summary>Keepalive probe.</summary>
    public const string Ping = "ping";
    /// <summary>Keepalive answer.</summary>
    public const string Pong = "pong";
    /// <summary>A refusal or protocol violation.</summary>
    public const string Error = "error";
    /// <summary>The server is going away.</summary>
    public const string Shutdown = "shutdown";
    /// <summary>Client asks for the member list.</summary>
    public const string Who = "who";
    /// <summary>The member list.</summary>
    public const string Users = "users";
    /// <summary>Client joins a room; server describes a room joined.</summary>
    public const string Room = "room";
    /// <summary>Client joins (or creates) a room.</summary>
    public const string Join = "join";
    /// <summary>Client leaves a room.</summary>
    public const string Part = "part";
    /// <summary>Client sets a topic; room event: the topic was set.</summary>
    public const string Topic = "topic";
    /// <summary>Client asks for the room list; server answers with it.</summary>
    public const string Rooms = "rooms";
    /// <summary>Client asks for older events; server answers with a page.</summary>
    public const string History = "history";
    /// <summary>Client changes its account's password; server confirms the change.</summary>
    public const string Password = "password";
    /// <summary>An operator removes someone from a room.</summary>
    public const string Kick = "kick";
    /// <summary>An operator keeps a name or an address out of a room or the server.</summary>
    public const string Ban = "ban";
    /// <summary>An operator lifts a ban.</summary>
    public const string Unban = "unban";
    /// <summary>An operator stops someone speaking in a room or on the server.</summary>
    public const string Mute = "mute";
    /// <summary>An operator lifts a mute.</summary>
    public const string Unmute = "unmute";
    /// <summary>An operator makes an account an operator of a room.</summary>
    public const string Op = "op";
    /// <summary>An operator takes a room's operator rights from an account.</summary>
    public const string Deop = "deop";
    /// <summary>Room event: a moderation change (ban, unban, mute, unmute, op, deop), or its confirmation to the operator.</summary>
    public const string Mod = "mod";
}
