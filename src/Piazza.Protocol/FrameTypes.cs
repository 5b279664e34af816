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
}
