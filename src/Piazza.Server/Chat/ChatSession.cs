using System.Net;

namespace Piazza.Server.Chat;

/// <summary>
/// One connection of a person: the name the chat gave it, the protocol version it speaks, and the
/// rooms it is in. An account may have several at once (its devices). Its room map is guarded by
/// its own lock.
/// </summary>
internal sealed class ChatSession(ISessionSink sink, Person person, int protocol, string token, IPAddress? address)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Membership> _rooms = new(StringComparer.Ordinal);
    private volatile bool _closed;

    /// <summary>The connection.</summary>
    public ISessionSink Sink { get; } = sink;

    /// <summary>Whose session this is.</summary>
    public Person Person { get; } = person;

    /// <summary>The name as shown: the account's registered spelling, or as the guest typed it.</summary>
    public string Name => Person.Name;

    /// <summary>The name as names compare: lowercase. Also the sender key of its refs (the account name for an account).</summary>
    public string Key => Person.Key;

    /// <summary>True for a session of a registered account.</summary>
    public bool IsAccount => Person.IsAccount;

    /// <summary>True for a session of a server operator.</summary>
    public bool IsAdmin => Person.IsAdmin;

    /// <summary>The protocol version (1: one room, no direct messages).</summary>
    public int Protocol { get; } = protocol;

    /// <summary>The session token of its welcome, for takeover.</summary>
    public string Token { get; } = token;

    /// <summary>The remote address, for logs and address bans.</summary>
    public IPAddress? Address { get; } = address;

    /// <summary>The remote address as address bans name it.</summary>
    public string? AddressText { get; } = address?.ToString();

    /// <summary>Set when an operator removes the session (a server ban): who, and why, for the <c>left</c> its rooms see.</summary>
    public Removal? RemovedBy { get; set; }

    /// <summary>The session's parting words when it says goodbye (an IRC QUIT message), carried by its <c>left</c> as the note; one line, as a topic.</summary>
    public string? LeavingNote { get; set; }

    /// <summary>True once the session has ended (disconnected or replaced).</summary>
    public bool IsClosed => _closed;

    /// <summary>True when the session can receive direct messages (protocol 2 and later).</summary>
    public bool TakesDirectMessages => Protocol >= 2;

    /// <summary>The rooms (not direct conversations) the session is in or joining, by key.</summary>
    public string[] RoomKeys()
    {
        lock (_gate)
        {
            return [.. _rooms.Values.Where(m => !m.Room.IsDirect).Select(m => m.Room.Key)];
        }
    }

    /// <summary>The number of rooms (not direct conversations) the session is in or joining.</summary>
    public int RoomCount
    {
        get
        {
            lock (_gate)
            {
                return _rooms.Values.Count(m => !m.Room.IsDirect);
            }
        }
    }

    public Membership? Find(string roomKey)
    {
        lock (_gate)
        {
            return _rooms.GetValueOrDefault(roomKey);
        }
    }

    /// <summary>Adds a membership unless the session has one for the room already; returns the one in place, or null once the session is closed.</summary>
    public Membership? Add(Membership membership, out bool added)
    {
        lock (_gate)
        {
            added = false;
            if (_closed)
            {
                return null;
            }

            if (_rooms.TryGetValue(membership.Room.Key, out var existing))
            {
                return existing;
            }

            _rooms.Add(membership.Room.Key, membership);
            added = true;
            return membership;
        }
    }

    public void Remove(Membership membership)
    {
        lock (_gate)
        {
            if (_rooms.TryGetValue(membership.Room.Key, out var existing) && ReferenceEquals(existing, membership))
            {
                _rooms.Remove(membership.Room.Key);
            }
        }
    }

    /// <summary>Ends the session: from now on it holds no rooms; returns the ones it held.</summary>
    public Membership[] Close()
    {
        lock (_gate)
        {
            _closed = true;
            var all = _rooms.Values.ToArray();
            _rooms.Clear();
            return all;
        }
    }
}

/// <summary>An operator's removal of someone: who did it and their reason.</summary>
internal sealed record Removal(string By, string? Note);
