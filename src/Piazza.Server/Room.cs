using System.Security.Cryptography;
using Piazza.Protocol;

namespace Piazza.Server;

/// <summary>
/// The one chat room: its members, the event sequence, the recent history and the broadcast.
/// Every room event takes its id and is offered to every member's queue under one lock, so each
/// member receives events in id order; offering never waits on a socket.
/// </summary>
internal sealed class Room(ServerOptions options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Connection> _byName = new(UsernameRules.Comparer);
    private readonly List<Connection> _members = [];
    private readonly History _history = new(options.History);
    private readonly ServerLimits _limits = new(
        ProtocolLimits.MaxTextScalars,
        ProtocolLimits.MaxClientFrameBytes,
        (long)options.PingInterval.TotalMilliseconds,
        (long)options.Timeout.TotalMilliseconds);

    [ThreadStatic]
    private static Queue<Connection>? t_evictions;

    [ThreadStatic]
    private static bool t_evicting;

    private long _lastId;
    private bool _closing;

    public const string ServerName = "piazza/0.1";

    public int MemberCount
    {
        get
        {
            lock (_gate)
            {
                return _members.Count;
            }
        }
    }

    /// <summary>
    /// Gives <paramref name="user"/> to <paramref name="connection"/> unless someone holds it.
    /// On success the newcomer's queue receives, in order, the welcome, the history and then
    /// live traffic; everyone else receives <c>joined</c>.
    /// </summary>
    public JoinOutcome TryJoin(Connection connection, string user)
    {
        List<Connection>? overflowed = null;
        lock (_gate)
        {
            // A connection already closing must not join: its Close has left the room already.
            if (_closing || connection.IsClosing)
            {
                return JoinOutcome.Closing;
            }

            if (_byName.ContainsKey(user))
            {
                return JoinOutcome.Taken(UsernameRules.Suggest(user, _byName.ContainsKey));
            }

            var id = ++_lastId;
            var ts = time.GetUtcNow();
            connection.JoinedAs(user, _members.Count);
            _byName.Add(user, connection);
            _members.Add(connection);

            var welcome = new WelcomeFrame(user, UserNames(), NewSessionToken(), id, _limits, ServerName);
            connection.Queue.Enqueue(FrameWriter.ToBytes(welcome), ignoreCap: true);
            foreach (var replay in _history.ReplayFrames())
            {
                connection.Queue.Enqueue(replay, ignoreCap: true);
            }

            Broadcast(FrameWriter.ToBytes(new JoinedFrame(id, ts, user)), except: connection, ref overflowed);
        }

        EvictAll(overflowed);
        return JoinOutcome.Success;
    }

    /// <summary>Stamps, records and delivers a validated message; the sender gets an <c>ack</c>.</summary>
    public void Say(Connection sender, string text, string? reference)
    {
        List<Connection>? overflowed = null;
        lock (_gate)
        {
            if (sender.MemberIndex < 0)
            {
                return;
            }

            var id = ++_lastId;
            var ts = time.GetUtcNow();
            var message = new MessageFrame(id, ts, sender.User!, text);
            _history.Add(message);
            Broadcast(FrameWriter.ToBytes(message), except: sender, ref overflowed);
            if (sender.Queue.Enqueue(FrameWriter.ToBytes(new AckFrame(reference, id, ts))) == EnqueueResult.Overflow)
            {
                (overflowed ??= []).Add(sender);
            }
        }

        EvictAll(overflowed);
    }

    /// <summary>Removes a member and, unless the server is shutting down, announces <c>left</c>.</summary>
    /// <returns>False when the connection was not a member.</returns>
    public bool Leave(Connection connection, string reason)
    {
        List<Connection>? overflowed = null;
        lock (_gate)
        {
            var index = connection.MemberIndex;
            if (index < 0)
            {
                return false;
            }

            // Swap-remove keeps removal O(1); the index lives on the connection.
            var last = _members[^1];
            _members[index] = last;
            last.MemberIndex = index;
            _members.RemoveAt(_members.Count - 1);
            connection.MemberIndex = -1;
            _byName.Remove(connection.User!);

            if (!_closing)
            {
                var left = new LeftFrame(++_lastId, time.GetUtcNow(), connection.User!, reason);
                Broadcast(FrameWriter.ToBytes(left), except: null, ref overflowed);
            }
        }

        EvictAll(overflowed);
        return true;
    }

    /// <summary>The member list, for <c>who</c>.</summary>
    public IReadOnlyList<string> Users()
    {
        lock (_gate)
        {
            return UserNames();
        }
    }

    /// <summary>From now on nobody joins and departures are not announced (shutdown sends its own frame).</summary>
    public void BeginShutdown()
    {
        lock (_gate)
        {
            _closing = true;
        }
    }

    private string[] UserNames()
    {
        var names = new string[_members.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = _members[i].User!;
        }

        return names;
    }

    private void Broadcast(byte[] frame, Connection? except, ref List<Connection>? overflowed)
    {
        foreach (var member in _members)
        {
            if (ReferenceEquals(member, except))
            {
                continue;
            }

            if (member.Queue.Enqueue(frame) == EnqueueResult.Overflow)
            {
                (overflowed ??= []).Add(member);
            }
        }
    }

    /// <summary>
    /// Evicts outside the lock: eviction leaves the room, which broadcasts again and may overflow
    /// more queues. Those evictions join a per-thread worklist drained by the outermost call, so
    /// a cascade through a large room runs as a loop, not as a deep recursion.
    /// </summary>
    private static void EvictAll(List<Connection>? overflowed)
    {
        if (overflowed is null)
        {
            return;
        }

        var pending = t_evictions ??= new Queue<Connection>();
        foreach (var member in overflowed)
        {
            pending.Enqueue(member);
        }

        if (t_evicting)
        {
            return;
        }

        t_evicting = true;
        try
        {
            while (pending.TryDequeue(out var member))
            {
                member.EvictSlow();
            }
        }
        finally
        {
            t_evicting = false;
        }
    }

    private static string NewSessionToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18))
        .Replace('+', '-').Replace('/', '_');
}
