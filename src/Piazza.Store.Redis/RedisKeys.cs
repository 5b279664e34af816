using StackExchange.Redis;

namespace Piazza.Store.Redis;

/// <summary>
/// Every key and channel the store uses, under one prefix. Room and person names go into keys as
/// they are: they cannot contain a newline, which the few composite values use as separator.
/// </summary>
internal sealed class RedisKeys(string prefix)
{
    /// <summary>Sorted set of the <c>#</c> room keys (the directory).</summary>
    public RedisKey Directory { get; } = prefix + "rooms";

    /// <summary>Set of every room and conversation key, for retention.</summary>
    public RedisKey AllRooms { get; } = prefix + "rooms:all";

    /// <summary>Hash of sanctions: field = the key's text, value = the sanction's JSON.</summary>
    public RedisKey Sanctions { get; } = prefix + "sanctions";

    /// <summary>Set of <c>room\nname</c> for every room operator.</summary>
    public RedisKey Operators { get; } = prefix + "operators";

    public string Prefix => prefix;

    /// <summary>Hash of one room: epoch, last (the id counter), lts (the newest time), created, topic.</summary>
    public RedisKey Room(string room) => prefix + "room:" + room;

    /// <summary>The room's events: a stream whose entry ids are <c>N-0</c> for event id N.</summary>
    public RedisKey Events(string room) => prefix + "events:" + room;

    /// <summary>The channel an appended event of the room is published on.</summary>
    public RedisChannel Channel(string room) => RedisChannel.Literal(prefix + "feed:" + room);

    /// <summary>The pattern every room's channel matches.</summary>
    public RedisChannel AllChannels => RedisChannel.Pattern(prefix + "feed:*");

    /// <summary>A sender's ref: <c>room\nid\nts</c>, expiring after the dedupe window.</summary>
    public RedisKey Ref(string sender, string reference) => prefix + "ref:" + sender + "\n" + reference;

    /// <summary>Sorted set of a person's direct conversations, scored by the newest event's time.</summary>
    public RedisKey Conversations(string name) => prefix + "dm:" + name;

    /// <summary>Hash of an account: n (name as registered), h (hash), c (created), s (last seen).</summary>
    public RedisKey Account(string key) => prefix + "account:" + key;

    /// <summary>A guest's name lease: the holding node's id, expiring unless renewed.</summary>
    public RedisKey Name(string name) => prefix + "name:" + name;

    /// <summary>Set of the rooms an account stays in.</summary>
    public RedisKey AccountRooms(string key) => prefix + "account-rooms:" + key;
}
