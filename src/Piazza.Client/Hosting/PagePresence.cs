namespace Piazza.Client.Hosting;

/// <summary>
/// Per page (circuit): whether the browser side is connected. The chat session listens so that a
/// closed page leaves the room after a short grace instead of lingering as a ghost member.
/// </summary>
public sealed class PagePresence
{
    public bool IsConnected { get; private set; }

    public event EventHandler<bool>? Changed;

    internal void Set(bool connected)
    {
        IsConnected = connected;
        Changed?.Invoke(this, connected);
    }
}
