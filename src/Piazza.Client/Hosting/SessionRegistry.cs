namespace Piazza.Client.Hosting;

/// <summary>Something holding a chat connection that must say goodbye before the app exits.</summary>
public interface IGoodbye
{
    Task SayGoodbyeAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Every live session, so that stopping the app (window closed, Ctrl+C, Close) sends bye on all
/// of them: circuits of closed pages are not disposed until much later.
/// </summary>
public sealed class SessionRegistry
{
    private readonly Lock _gate = new();
    private readonly HashSet<IGoodbye> _sessions = [];

    public void Add(IGoodbye session)
    {
        lock (_gate)
        {
            _sessions.Add(session);
        }
    }

    public void Remove(IGoodbye session)
    {
        lock (_gate)
        {
            _sessions.Remove(session);
        }
    }

    public Task SayGoodbyeToAllAsync(CancellationToken cancellationToken)
    {
        IGoodbye[] all;
        lock (_gate)
        {
            all = [.. _sessions];
        }

        return Task.WhenAll(all.Select(s => s.SayGoodbyeAsync(cancellationToken)));
    }
}
