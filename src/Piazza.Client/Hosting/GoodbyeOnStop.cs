using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Piazza.Client.Hosting;

/// <summary>
/// When the app stops, before any service stops (the web server is registered last, so it would
/// otherwise stop first and hold the goodbyes up while it drains the pages): every session says bye.
/// </summary>
internal sealed class GoodbyeOnStop(SessionRegistry sessions, ILogger<GoodbyeOnStop> logger) : IHostedLifecycleService
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Limit);
        try
        {
            await sessions.SayGoodbyeToAllAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            Log.GoodbyeTimedOut(logger, Limit.TotalSeconds);
        }
    }
}
