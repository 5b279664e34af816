namespace Piazza.Protocol;

/// <summary>A client's request to join the room under <paramref name="User"/>.</summary>
/// <param name="User">The username asked for.</param>
/// <param name="Protocol">The protocol version; absent means 1.</param>
/// <param name="Client">A free-form client name and version, for logs.</param>
/// <param name="Since">The last event id the client saw, to catch up from (later).</param>
/// <param name="Session">The session token of an earlier welcome, to take over the name (later).</param>
public sealed record HelloFrame(
    string User,
    int? Protocol = null,
    string? Client = null,
    long? Since = null,
    string? Session = null) : Frame
{
    /// <inheritdoc />
    public override string Type => FrameTypes.Hello;
}
