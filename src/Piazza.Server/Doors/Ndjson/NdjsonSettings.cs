using Piazza.Protocol;

namespace Piazza.Server.Doors.Ndjson;

/// <summary>What every NDJSON connection of a server shares.</summary>
/// <param name="Limits">The limits announced in <c>welcome</c>.</param>
/// <param name="ServerName">The server's name and version, announced in <c>welcome</c>.</param>
/// <param name="DefaultRoom">The room a version 1 client joins.</param>
/// <param name="TimeoutError">The error sent to a member dropped for silence.</param>
internal sealed record NdjsonSettings(ServerLimits Limits, string ServerName, string DefaultRoom, byte[] TimeoutError);
