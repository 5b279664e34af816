using Piazza.Protocol;

namespace Piazza.Server.Chat;

/// <summary>
/// The server-wide registry of names: who is present, through which sessions. A guest's name is
/// held by its one session; an account's by all of its sessions at once (up to a cap). Names
/// compare case-insensitively. A name being registered is reserved meanwhile, so no guest can take
/// it. Never calls into rooms while holding its lock, so rooms may consult it while holding theirs.
/// </summary>
internal sealed class Members(int maxSessionsPerAccount = 16)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Person> _byName = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reserved = new(StringComparer.Ordinal);
    private int _sessions;
    private bool _closing;

    /// <summary>Sessions present.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _sessions;
            }
        }
    }

    /// <summary>
    /// Gives a new session of <paramref name="sink"/> the requested name. A guest's name must be
    /// free; an account's may be held by the account's own sessions. A session whose token the
    /// newcomer presents is replaced: it comes back in <paramref name="replaced"/>, already out of
    /// the registry, for the caller to close.
    /// </summary>
    public ChatSession? TryAdd(ISessionSink sink, NewSession request, out ChatRefusal? refusal, out ChatSession? replaced)
    {
        var session = TryAddCore(sink, request, out refusal, out replaced, out var arrived);
        if (arrived)
        {
            Presence?.Invoke(session!.Person, true);
        }

        return session;
    }

    /// <summary>
    /// Someone arrived (their first session; true) or left (their last; false). Raised outside the
    /// registry's lock; handlers only queue, never wait.
    /// </summary>
    public event Action<Person, bool>? Presence;

    private ChatSession? TryAddCore(ISessionSink sink, NewSession request, out ChatRefusal? refusal, out ChatSession? replaced, out bool arrived)
    {
        replaced = null;
        arrived = false;
        var key = request.Name.ToLowerInvariant();
        lock (_gate)
        {
            // Checked under the lock that Remove takes: a connection closing right now either is
            // seen closing here, or finds its session below when it leaves. Never a ghost.
            if (_closing || sink.IsClosing)
            {
                refusal = ChatRefusals.Closing;
                return null;
            }

            if (!request.IsAccount && _reserved.Contains(key))
            {
                refusal = Taken(request.Name);
                return null;
            }

            if (_byName.TryGetValue(key, out var person))
            {
                var holder = request.Token is null ? null : person.Sessions.Find(s => string.Equals(s.Token, request.Token, StringComparison.Ordinal));
                if (holder is not null && person.IsAccount == request.IsAccount)
                {
                    person.Sessions.Remove(holder);
                    _sessions--;
                    replaced = holder;
                }
                else if (!person.IsAccount || !request.IsAccount)
                {
                    refusal = Taken(request.Name);
                    return null;
                }
                else if (person.Sessions.Count >= maxSessionsPerAccount)
                {
                    refusal = new ChatRefusal(ChatError.TooManySessions,
                        $"'{person.Name}' is signed in from {maxSessionsPerAccount} places, the most one account may be; sign out of one first.");
                    return null;
                }
            }
            else
            {
                person = new Person(request.Name, request.IsAccount, request.IsAdmin);
                _byName.Add(key, person);
                arrived = true;
            }

            var session = new ChatSession(sink, person, request.Protocol, request.NewToken, request.Address);
            person.Sessions.Add(session);
            _sessions++;
            sink.Session = session;
            refusal = null;
            return session;
        }
    }

    /// <summary>
    /// Holds <paramref name="name"/> while it is being registered: no guest may take it meanwhile.
    /// False when someone holds it or it is being registered already.
    /// </summary>
    public bool TryReserve(string name)
    {
        var key = name.ToLowerInvariant();
        lock (_gate)
        {
            return !_closing && !_byName.ContainsKey(key) && _reserved.Add(key);
        }
    }

    public void Release(string name)
    {
        lock (_gate)
        {
            _reserved.Remove(name.ToLowerInvariant());
        }
    }

    /// <summary>Takes the session out of the registry; true when it was its person's last.</summary>
    public bool Remove(ChatSession session)
    {
        var last = RemoveCore(session);
        if (last)
        {
            Presence?.Invoke(session.Person, false);
        }

        return last;
    }

    private bool RemoveCore(ChatSession session)
    {
        lock (_gate)
        {
            var person = session.Person;
            if (!person.Sessions.Remove(session))
            {
                return false;
            }

            _sessions--;
            if (person.Sessions.Count > 0)
            {
                return false;
            }

            if (_byName.TryGetValue(person.Key, out var holder) && ReferenceEquals(holder, person))
            {
                _byName.Remove(person.Key);
            }

            return true;
        }
    }

    /// <summary>The session of <paramref name="sink"/>, read under the registry's lock.</summary>
    public ChatSession? SessionOf(ISessionSink sink)
    {
        lock (_gate)
        {
            return sink.Session;
        }
    }

    /// <summary>The person present under <paramref name="name"/>, if any.</summary>
    public Person? Find(string name)
    {
        lock (_gate)
        {
            return _byName.GetValueOrDefault(name.ToLowerInvariant());
        }
    }

    /// <summary>The people present whose name matches <paramref name="match"/>, at most <paramref name="limit"/>.</summary>
    public Person[] Matching(Func<Person, bool> match, int limit)
    {
        lock (_gate)
        {
            return [.. _byName.Values.Where(match).Take(limit)];
        }
    }

    /// <summary>Every session of <paramref name="name"/> (none when nobody by that name is present).</summary>
    public ChatSession[] SessionsOf(string name)
    {
        lock (_gate)
        {
            return _byName.TryGetValue(name.ToLowerInvariant(), out var person) ? [.. person.Sessions] : [];
        }
    }

    /// <summary>The sessions of the two people of a direct conversation.</summary>
    public ChatSession[] SessionsOf(string first, string second)
    {
        lock (_gate)
        {
            var a = _byName.GetValueOrDefault(first);
            var b = first == second ? null : _byName.GetValueOrDefault(second);
            if (a is null && b is null)
            {
                return [];
            }

            return [.. a?.Sessions ?? [], .. b?.Sessions ?? []];
        }
    }

    /// <summary>Every session whose remote address is <paramref name="address"/>.</summary>
    public ChatSession[] SessionsFrom(string address)
    {
        lock (_gate)
        {
            return [.. _byName.Values.SelectMany(p => p.Sessions).Where(s => s.AddressText == address)];
        }
    }

    /// <summary>From now on nobody gets a name (shutdown).</summary>
    public void BeginShutdown()
    {
        lock (_gate)
        {
            _closing = true;
        }
    }

    /// <summary>The keys of the guests present, for their name leases across nodes.</summary>
    public string[] GuestKeys()
    {
        lock (_gate)
        {
            return [.. _byName.Where(p => !p.Value.IsAccount).Select(p => p.Key)];
        }
    }

    private ChatRefusal Taken(string name) =>
        new(ChatError.UsernameTaken, $"The username '{name}' is already in use.",
            UsernameRules.Suggest(name, n => _byName.ContainsKey(n.ToLowerInvariant()) || _reserved.Contains(n.ToLowerInvariant())));
}

/// <summary>What a session asks for: the name, its protocol, a takeover token, where it comes from, and whether it signed in.</summary>
internal sealed record NewSession(
    string Name,
    int Protocol,
    string? Token,
    string NewToken,
    System.Net.IPAddress? Address,
    bool IsAccount = false,
    bool IsAdmin = false);
