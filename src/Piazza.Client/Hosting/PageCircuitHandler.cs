using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Piazza.Client.Hosting;

/// <summary>
/// Connection up/down fire within a fraction of a second of a page opening or closing, while
/// "circuit closed" may wait for the retention period; so up/down drive the app's lifetime.
/// </summary>
internal sealed class PageCircuitHandler(WindowLifetime windows, PagePresence presence) : CircuitHandler
{
    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        windows.PageUp();
        presence.Set(true);
        return Task.CompletedTask;
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        windows.PageDown();
        presence.Set(false);
        return Task.CompletedTask;
    }
}
