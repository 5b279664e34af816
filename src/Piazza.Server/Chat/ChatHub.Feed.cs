using System.Security.Cryptography;
using Piazza.Store;

namespace Piazza.Server.Chat;

/// <summary>
/// Several nodes on one shared store (<see cref="IEventFeed"/>): events any node appends reach this
/// node's members through the feed, in id order, with gaps filled from the store. This node's own
/// appends are told apart by their origin (<c>node:n</c>), so their acks and joins are handled by
/// whichever copy arrives first: the store's reply or the feed.
/// </summary>
internal sealed partial class ChatHub
{
    private long _origins;

    /// <summary>The shared store's feed, or null on a single node (memory, SQLite).</summary>
    public IEventFeed? Feed { get; private set; }

    /// <summary>This process among the nodes: random, new at every start.</summary>
    public string NodeId { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();

    /// <summary>A new origin for an append of this node.</summary>
    public string NextOrigin() => $"{NodeId}:{Interlocked.Increment(ref _origins)}";

    /// <summary>Starts the feed before any room is loaded, so no event after a loaded room's newest id goes unseen.</summary>
    private async Task StartFeedAsync(CancellationToken cancellationToken)
    {
        if (Store is not IEventFeed feed)
        {
            return;
        }

        Feed = feed;
        await feed.StartFeedAsync(Received, Restored, cancellationToken);
    }

    /// <summary>An event from the feed (called one at a time).</summary>
    private void Received(FeedEvent received)
    {
        var key = received.Event.Room;
        if (_rooms.Loaded(key) is { } loaded)
        {
            _ = DeliverWhenLoadedAsync(loaded, received);
            return;
        }

        // A direct conversation this node has not loaded, to someone on this node: load it now, so
        // that this event is its first delivered here.
        if (DirectKey.TryParse(key, out var first, out var second) && Members.SessionsOf(first!, second!).Length > 0)
        {
            _ = DeliverWhenLoadedAsync(_rooms.LoadFromFeed(key, received.Event.Id), received);
        }
    }

    private static async Task DeliverWhenLoadedAsync(Task<Room?> loading, FeedEvent received)
    {
        try
        {
            if (await loading is { } room)
            {
                room.Received(received);
            }
        }
        catch (StoreUnavailableException)
        {
            // The room could not be read: its events are delivered when the next one shows the gap.
        }
    }

    /// <summary>The feed came back after a loss: every loaded room reads what it may have missed.</summary>
    private void Restored()
    {
        foreach (var room in _rooms.All())
        {
            room.CheckTail();
        }
    }
}
