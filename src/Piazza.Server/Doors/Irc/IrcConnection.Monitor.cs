using Piazza.Server.Chat;

namespace Piazza.Server.Doors.Irc;

/// <summary>MONITOR: the client names people and is told when each comes online or goes offline, whichever door they use.</summary>
internal sealed partial class IrcConnection
{
    /// <summary>The most names one client may monitor (ISUPPORT MONITOR).</summary>
    public const int MaxMonitored = 100;

    private readonly HashSet<string> _monitored = new(StringComparer.Ordinal);

    /// <summary>True when this client monitors the person <paramref name="key"/>.</summary>
    public bool Monitors(string key)
    {
        lock (_gate)
        {
            return _monitored.Contains(key);
        }
    }

    /// <summary>Someone arrived or left: told to this client if it monitors them.</summary>
    public void OnPresence(Person person, bool online)
    {
        lock (_gate)
        {
            if (!_monitored.Contains(person.Key) || !_registered)
            {
                return;
            }
        }

        _link.Send(online
            ? IrcLine.Write(null, _settings.ServerName, "730", Nick, _door.Plain.Mask(person.Name))
            : IrcLine.Write(null, _settings.ServerName, "731", Nick, IrcNames.ToNick(person.Name)));
    }

    private void OnMonitor(IrcMessage message)
    {
        var sub = message.Param(0);
        var targets = (message.Param(1) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Where(t => IrcNames.Check(t) is null).ToList();
        switch (sub)
        {
            case "+":
                var added = new List<string>();
                foreach (var (target, index) in targets.Select((t, i) => (t, i)))
                {
                    bool full;
                    lock (_gate)
                    {
                        full = _monitored.Count >= MaxMonitored && !_monitored.Contains(IrcNames.FromNick(target).ToLowerInvariant());
                        if (!full)
                        {
                            _monitored.Add(IrcNames.FromNick(target).ToLowerInvariant());
                        }
                    }

                    if (full)
                    {
                        Numeric("734", MaxMonitored.ToString(System.Globalization.CultureInfo.InvariantCulture),
                            string.Join(',', targets.Skip(index)), "Monitor list is full");
                        break;
                    }

                    added.Add(target);
                }

                SendMonitorStatus(added);
                return;
            case "-":
                lock (_gate)
                {
                    foreach (var target in targets)
                    {
                        _monitored.Remove(IrcNames.FromNick(target).ToLowerInvariant());
                    }
                }

                return;
            case "C" or "c":
                lock (_gate)
                {
                    _monitored.Clear();
                }

                return;
            case "L" or "l":
                string[] all;
                lock (_gate)
                {
                    all = [.. _monitored.Select(IrcNames.ToNick).Order(StringComparer.Ordinal)];
                }

                foreach (var chunk in all.Chunk(20))
                {
                    Numeric("732", string.Join(',', chunk));
                }

                Numeric("733", "End of MONITOR list");
                return;
            case "S" or "s":
                lock (_gate)
                {
                    targets = [.. _monitored.Select(IrcNames.ToNick)];
                }

                SendMonitorStatus(targets);
                return;
            default:
                Numeric(Numerics.NeedMoreParams, "MONITOR", "Not enough parameters");
                return;
        }
    }

    private void SendMonitorStatus(List<string> targets)
    {
        var online = new List<string>();
        var offline = new List<string>();
        foreach (var target in targets)
        {
            if (_chat.Members.Find(IrcNames.FromNick(target)) is { } person)
            {
                online.Add(_door.Plain.Mask(person.Name));
            }
            else
            {
                offline.Add(target);
            }
        }

        foreach (var chunk in online.Chunk(10))
        {
            Numeric("730", string.Join(',', chunk));
        }

        foreach (var chunk in offline.Chunk(20))
        {
            Numeric("731", string.Join(',', chunk));
        }
    }
}
