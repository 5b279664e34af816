using Piazza.Protocol;

namespace Piazza.Server.Chat;

/// <summary>
/// The server-wide registry of names: who is present, through which session. A name is held by
/// one session at a time and compared case-insensitively. Never calls into rooms while holding its
/// lock, so rooms may consult it while holding theirs.
/// </summary>
internal sealed class Members
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ChatSession> _byName = new(StringComparer.Ordinal);
    private bool _closing;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byName.Count;
            }
        }
    }

    /// <summary>
    /// Gives the requested name to a new session of <paramref name="sink"/>, unless another
    /// session holds it. A holder whose session token the newcomer presents is replaced: it comes
    /// back in <paramref name="replaced"/>, already out of the registry, for the caller to close.
    /// </summary>
    public ChatSession? TryAdd(ISessionSink sink, NewSession request, out ChatRefusal? refusal, out ChatSession? replaced)
    {
        replaced = null;
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

            if (_byName.TryGetValue(key, out var holder))
            {
                if (request.Token is null || !string.Equals(request.Token, holder.Token, StringComparison.Ordinal))
                {
                    refusal = new ChatRefusal(ChatError.UsernameTaken, $"The username '{request.Name}' is already in use.",
                        UsernameRules.Suggest(request.Name, n => _byName.ContainsKey(n.ToLowerInvariant())));
                    return null;
                }

                _byName.Remove(key);
                replaced = holder;
            }

            var session = new ChatSession(sink, request.Name, request.Protocol, request.NewToken, request.Address);
            _byName.Add(key, session);
            sink.Session = session;
            refusal = null;
            return session;
        }
    }

    /// <summary>Frees the session's name (if it still holds it).</summary>
    public void Remove(ChatSession session)
    {
        lock (_gate)
        {
            if (_byName.TryGetValue(session.Key, out var holder) && ReferenceEquals(holder, session))
            {
                _byName.Remove(session.Key);
            }
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

    public ChatSession? Find(string name)
    {
        lock (_gate)
        {
            return _byName.GetValueOrDefault(name.ToLowerInvariant());
        }
    }

    /// <summary>The sessions of the two people of a direct conversation.</summary>
    public ChatSession[] SessionsOf(string first, string second)
    {
        lock (_gate)
        {
            var a = _byName.GetValueOrDefault(first);
            var b = first == second ? null : _byName.GetValueOrDefault(second);
            return (a, b) switch
            {
                (null, null) => [],
                (not null, null) => [a],
                (null, not null) => [b],
                _ => [a, b],
            };
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
}

/// <summary>What a session asks for: the name, its protocol, a takeover token, and where it comes from.</summary>
internal sealed record NewSession(string Name, int Protocol, string? Token, string NewToken, System.Net.IPAddress? Address);
