namespace Piazza.Resilience.Tests.Support;

/// <summary>
/// The history of every room and conversation, read back through the protocol (<c>history</c>
/// pages, never the database file), held against what clients were told: acks, the events they
/// received, and what earlier reads showed.
/// </summary>
internal sealed class HistoryAudit
{
    private readonly Dictionary<(string Room, long Id), Frame> _events = [];
    private readonly Dictionary<string, List<(string Room, long Id, long TsMs)>> _byText = new(StringComparer.Ordinal);
    private readonly List<string> _problems = [];

    private HistoryAudit()
    {
    }

    /// <summary>Events read, in all histories.</summary>
    public int EventCount => _events.Count;

    /// <summary>Histories read.</summary>
    public int Histories { get; private set; }

    /// <summary>Acknowledged messages not in the history as acknowledged (room, id, text, sender, time).</summary>
    public int Lost { get; private set; }

    /// <summary>Messages a client received that the history does not hold as received.</summary>
    public int Phantoms { get; private set; }

    /// <summary>Joins, departures and topics a client received that the history does not hold as received.</summary>
    public int OtherEventsUnmatched { get; private set; }

    /// <summary>Events an earlier read showed that now read differently or are gone (a reused or lost id).</summary>
    public int Changed { get; private set; }

    /// <summary>Histories whose ids are not exactly 1, 2, ... n.</summary>
    public int Gaps { get; private set; }

    /// <summary>Extra copies: a text stored more than once counts once per extra copy.</summary>
    public int Duplicates => _byText.Values.Sum(v => v.Count - 1);

    /// <summary>Messages clients sent that are not in the history at all.</summary>
    public int Missing { get; private set; }

    /// <summary>The first few problems found, described, for the failure message.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Every event read, in no particular order.</summary>
    public IEnumerable<Frame> Events => _events.Values;

    /// <summary>Where the history holds a message with this text, when it holds exactly one.</summary>
    public (string Room, long Id, long TsMs)? Find(string text) =>
        _byText.TryGetValue(text, out var found) && found.Count == 1 ? found[0] : null;

    /// <summary>
    /// Reads every history in <paramref name="readers"/> (a member that may read it, and the room
    /// as that member addresses it) and checks it against the clients and against
    /// <paramref name="truth"/>, every event earlier reads showed, which it then extends.
    /// </summary>
    /// <param name="readers">Who reads which history.</param>
    /// <param name="clients">Everyone whose acks, received events and sent messages are checked.</param>
    /// <param name="truth">(room, id) to the event's description, from every earlier read.</param>
    /// <param name="expectEverySent">Also count every sent message missing from the history (after the resends).</param>
    public static async Task<HistoryAudit> ReadAsync(
        IReadOnlyList<(Chatter Reader, string Room)> readers,
        IReadOnlyList<Chatter> clients,
        Dictionary<(string Room, long Id), string> truth,
        bool expectEverySent)
    {
        // What clients had been told before the read began: all of it was stored before they were told.
        var seen = clients.SelectMany(c => c.Seen).ToList();
        var acks = clients.SelectMany(c => c.Acks.Select(a => (Client: c, Ref: a.Key, Ack: a.Value))).ToList();
        var sent = clients.SelectMany(c => c.Sent.Select(o => (Client: c, Message: o)))
            .ToDictionary(x => (x.Client.Name, x.Message.Ref), x => x.Message);

        var audit = new HistoryAudit();
        foreach (var (reader, room) in readers)
        {
            audit.Add(reader, room, await reader.ReadHistoryAsync(room));
        }

        foreach (var (key, description) in truth)
        {
            if (!audit._events.TryGetValue(key, out var now) || Chatter.Describe(now) != description)
            {
                audit.Changed++;
                audit.Note($"{key.Room} #{key.Id} was '{description}', now {(now is null ? "gone" : $"'{Chatter.Describe(now)}'")}");
            }
        }

        foreach (var (key, frame) in audit._events)
        {
            truth[key] = Chatter.Describe(frame);
        }

        foreach (var (client, reference, ack) in acks)
        {
            var message = sent[(client.Name, reference)];
            if (ack.Room != message.Room
                || !audit._events.TryGetValue((ack.Room, ack.Id), out var stored)
                || stored is not MessageFrame m || m.From != client.Name || m.Text != message.Text || m.Ts.ToUnixTimeMilliseconds() != ack.TsMs)
            {
                audit.Lost++;
                audit.Note($"{client.Name}'s {reference} '{message.Text}' acked as {ack.Room} #{ack.Id}, not so in the history");
            }
        }

        foreach (var s in seen)
        {
            if (audit._events.TryGetValue((s.Room, s.Id), out var stored) && Chatter.Describe(stored) == s.What)
            {
                continue;
            }

            if (s.IsMessage)
            {
                audit.Phantoms++;
            }
            else
            {
                audit.OtherEventsUnmatched++;
            }

            audit.Note($"received {s.Room} #{s.Id} '{s.What}', history has {(stored is null ? "nothing" : $"'{Chatter.Describe(stored)}'")}");
        }

        if (expectEverySent)
        {
            foreach (var message in sent.Values)
            {
                if (!audit._byText.TryGetValue(message.Text, out var copies) || !copies.Any(c => c.Room == message.Room))
                {
                    audit.Missing++;
                    audit.Note($"'{message.Text}' ({message.Ref}) is not in {message.Room}");
                }
            }
        }

        foreach (var (text, copies) in audit._byText.Where(t => t.Value.Count > 1))
        {
            audit.Note($"'{text}' stored {copies.Count} times: {string.Join(", ", copies.Select(c => $"{c.Room} #{c.Id}"))}");
        }

        return audit;
    }

    private void Add(Chatter reader, string shown, IReadOnlyList<Frame> events)
    {
        Histories++;
        var room = reader.Canonical(shown);
        for (var i = 0; i < events.Count; i++)
        {
            var id = Chatter.IdOf(events[i]) ?? -1;
            if (id != i + 1)
            {
                Gaps++;
                Note($"{room}: event {i + 1} of {events.Count} has id {id}");
                break;
            }
        }

        foreach (var frame in events)
        {
            var key = (room, Chatter.IdOf(frame)!.Value);
            _events[key] = frame;
            if (frame is MessageFrame m)
            {
                if (!_byText.TryGetValue(m.Text, out var copies))
                {
                    _byText[m.Text] = copies = [];
                }

                copies.Add((room, m.Id, m.Ts.ToUnixTimeMilliseconds()));
            }
        }
    }

    private void Note(string problem)
    {
        if (_problems.Count < 20)
        {
            _problems.Add(problem);
        }
    }
}
