using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Piazza.Client.Core;

/// <summary>
/// Delivers events in order, off the caller's thread, to both <see cref="ChatClient.EventRaised"/>
/// handlers and the <see cref="ChatClient.ReadEventsAsync"/> reader. One dispatch loop keeps the
/// order; a handler that throws is logged and does not stop delivery.
/// </summary>
internal sealed class EventHub
{
    /// <summary>
    /// Events wait for the reader from the moment the client exists, so none is missed by a reader
    /// that starts late. A front end that only uses the .NET event never reads them: the buffer is
    /// bounded and drops the oldest beyond this many.
    /// </summary>
    public const int ReaderCapacity = 100_000;

    private readonly Channel<ChatEvent> _incoming =
        Channel.CreateUnbounded<ChatEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<ChatEvent> _forReader;
    private readonly object _sender;
    private readonly Func<EventHandler<ChatEvent>?> _handlers;
    private readonly ILogger _logger;
    private int _readerActive;
    private long _dropped;

    public EventHub(object sender, Func<EventHandler<ChatEvent>?> handlers, ILogger logger)
    {
        _sender = sender;
        _handlers = handlers;
        _logger = logger;
        _forReader = Channel.CreateBounded<ChatEvent>(
            new BoundedChannelOptions(ReaderCapacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                SingleWriter = true,
            },
            OnDropped);
        // Never awaited: it ends by itself once Complete is called and the queue is drained, and
        // handlers' exceptions are caught inside it.
        _ = Task.Run(DispatchAsync);
    }

    public void Publish(ChatEvent e) => _incoming.Writer.TryWrite(e);

    /// <summary>No more events: the reader's enumeration ends once it has read what is queued.</summary>
    public void Complete() => _incoming.Writer.TryComplete();

    public async IAsyncEnumerable<ChatEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _readerActive, 1) != 0)
        {
            throw new InvalidOperationException("ReadEventsAsync has one reader at a time; another enumeration is running.");
        }

        try
        {
            await foreach (var e in _forReader.Reader.ReadAllAsync(ct))
            {
                yield return e;
            }
        }
        finally
        {
            Volatile.Write(ref _readerActive, 0);
        }
    }

    private async Task DispatchAsync()
    {
        await foreach (var e in _incoming.Reader.ReadAllAsync())
        {
            _forReader.Writer.TryWrite(e);
            if (_handlers() is not { } handlers)
            {
                continue;
            }

            // Each subscriber on its own, so that one that throws does not starve those after it.
            foreach (var handler in handlers.GetInvocationList().Cast<EventHandler<ChatEvent>>())
            {
                try
                {
                    handler(_sender, e);
                }
#pragma warning disable CA1031 // A subscriber's bug must not stop delivery to everyone else; it is logged.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Log.EventHandlerFailed(_logger, ex, e.GetType().Name);
                }
            }
        }

        _forReader.Writer.TryComplete();
    }

    private void OnDropped(ChatEvent dropped)
    {
        // Log the first drop and then every 10,000th, not every one.
        var count = Interlocked.Increment(ref _dropped);
        if (count == 1 || count % 10_000 == 0)
        {
            Log.ReaderEventsDropped(_logger, count, ReaderCapacity);
        }
    }
}
