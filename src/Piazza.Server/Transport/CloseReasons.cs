namespace Piazza.Server.Transport;

/// <summary>Why a connection closed, where that is not a <see cref="Piazza.Protocol.LeaveReasons"/> value.</summary>
internal static class CloseReasons
{
    public const string Shutdown = "shutdown";
}
