using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Piazza.Client.Hosting;

/// <summary>
/// Registered after the web server, so it is stopped before it: every session says bye while the
/// pages can still be told.
/// </summary>
internal sealed class GoodbyeOnStop(SessionRegistry sessions, ILogger<GoodbyeOnStop> logger) : IHostedService
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
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
