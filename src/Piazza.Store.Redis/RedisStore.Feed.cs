using StackExchange.Redis;

namespace Piazza.Store.Redis;

/// <summary>
/// The feed: one pattern subscription to every room's channel, read in order from one queue.
/// Subscribing to all rooms (rather than to each room with local members) means a room a node
/// starts serving needs no subscribe-then-read handshake: the subscription is older than any room
/// the node loads, so nothing published after a room's newest id was read can be missed unseen.
/// </summary>
public sealed partial class RedisStore : IEventFeed
{
    private ChannelMessageQueue? feed;

    /// <inheritdoc />
    public async Task StartFeedAsync(Action<FeedEvent> received, Action restored, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(received);
        ArgumentNullException.ThrowIfNull(restored);
        var subscriber = Connection.GetSubscriber();
        feed = await subscriber.SubscribeAsync(keys.AllChannels);
        feed.OnMessage(message =>
        {
            if (!message.Message.IsNullOrEmpty && RedisEntries.FromMessage((string)message.Message!) is { } e)
            {
                received(e);
            }
        });
        Connection.ConnectionRestored += (_, args) =>
        {
            if (args.ConnectionType == ConnectionType.Subscription)
            {
                Log.FeedRestored(logger);
                restored();
            }
        };
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<FeedEvent>> ReadFeedAsync(string room, long after, long before, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        var db = Db;
        var low = after < 1 ? 1 : after + 1;
        var high = before <= 1 ? 0 : before - 1;
        if (limit <= 0 || high < low || after == long.MaxValue)
        {
            return [];
        }

        var entries = await Guard(() => db.StreamRangeAsync(keys.Events(room), $"{low}-0", $"{high}-0", limit));
        return entries.Select(e => RedisEntries.FeedFromEntry(room, e)).ToList();
    }
}
