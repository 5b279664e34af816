using Microsoft.JSInterop;

namespace Piazza.Client.Components;

/// <summary>
/// Calls into the browser from a component can fail because the page went away or because the
/// component was disposed meanwhile (another room came on screen): neither may take the page down.
/// </summary>
public static class PageCalls
{
    /// <summary>True for the failures that only mean "nobody is there to answer any more".</summary>
    public static bool Gone(Exception ex) =>
        ex is JSDisconnectedException or ObjectDisposedException or OperationCanceledException;
}
