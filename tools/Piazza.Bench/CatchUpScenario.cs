using System.Diagnostics;
using System.Globalization;
using System.Text;
using Piazza.Protocol;

namespace Piazza.Bench;

/// <summary>
/// Catch-up: a client in <see cref="RoomsSettings.Rooms"/> rooms leaves, one talker per room says
/// enough that the client misses <see cref="RoomsSettings.Missed"/> events in all (its own
/// <c>left</c> is one of each room's), and the client comes back with its cursors. Timed from its
/// hello to the last replayed event; every replayed id is checked (exactly once, in order, no gap).
/// One warm-up round, then <see cref="RoomsSettings.Rounds"/> measured rounds; the median is reported.
/// </summary>
internal sealed class CatchUpScenario(RoomsSettings settings, ProgressLine progress)
{
    public async Task<CatchUpReport> RunAsync(CancellationToken cancellationToken)
    {
        var runId = (ushort)Random.Shared.Next(0, 0x10000);
        var payload = new Payload(runId, settings.PayloadBytes);
        var rooms = Enumerable.Range(0, settings.Rooms)
            .Select(i => string.Create(CultureInfo.InvariantCulture, $"#c{runId:x4}-{i}")).ToArray();
        var catcherName = $"c{runId:x4}-back";
        var talk = new Talk();
        var talkers = new RoomsClient[rooms.Length];
        RoomsClient? returning = null;
        try
        {
            for (var i = 0; i < rooms.Length; i++)
            {
                talkers[i] = await RoomsClient.ConnectAsync(settings.Server, null, i, $"c{runId:x4}-t{i}",
                    new Dictionary<string, RoomCursor> { [rooms[i]] = new RoomCursor() }, talk, settings.ReadBufferBytes,
                    settings.JoinTimeout, cancellationToken, tag: new Talker(new RoomSay(payload, i, rooms[i])));
            }

            // Round 0 warms the server's catch-up path (code run for the first time is compiled then); it is not reported.
            var results = new List<(double Seconds, double WelcomeMs, Replay Replay, bool Truncated, string? Error)>();
            double talkSeconds = 0;
            var perRoom = Math.Max(0, settings.Missed / rooms.Length - 1);
            for (var round = 0; round <= settings.Rounds; round++)
            {
                // The client joins, notes its cursors, and says bye: its left is the first event it misses.
                var away = await RoomsClient.ConnectAsync(settings.Server, null, 0, catcherName,
                    rooms.ToDictionary(r => r, _ => new RoomCursor()), talk, settings.ReadBufferBytes, settings.JoinTimeout, cancellationToken);
                var cursors = away.Rooms.ToDictionary(r => r.Room, r => new RoomCursor(r.LastId, r.Epoch));
                await LeaveAsync(away, cancellationToken);

                // Each talker says its share, one say in flight per talker (each is acked after its commit).
                progress.Show($"[catchup] round {round}: talking, {perRoom:N0} messages in each of {rooms.Length} rooms");
                var talkClock = Stopwatch.StartNew();
                await Task.WhenAll(talkers.Select(t => Talk.SayAsync(t, perRoom, cancellationToken)));
                talkSeconds = talkClock.Elapsed.TotalSeconds;

                // Back, with the cursors.
                var replay = new Replay(cursors);
                returning = await RoomsClient.OpenAsync(settings.Server, null, 0, catcherName, replay, settings.ReadBufferBytes,
                    rooms.Length, cancellationToken);
                progress.Show($"[catchup] round {round}: returning with cursors");
                replay.Start();
                returning.SendHello(cursors);
                await returning.Ready.WaitAsync(settings.JoinTimeout, cancellationToken);
                await replay.Done.WaitAsync(settings.DrainTimeout + settings.JoinTimeout, cancellationToken);
                if (round > 0)
                {
                    results.Add((replay.ElapsedSeconds, replay.WelcomeMs, replay, returning.Rooms.Any(r => r.Truncated), returning.FirstError));
                }

                await LeaveAsync(returning, cancellationToken);
                returning = null;
            }

            progress.Done();
            var missed = (long)perRoom * rooms.Length + rooms.Length;
            var median = results.OrderBy(r => r.Seconds).ElementAt(results.Count / 2);
            var error = results.Select(r => r.Error).FirstOrDefault(e => e is not null)
                ?? talkers.Select(t => t.FirstError).FirstOrDefault(e => e is not null);
            var ok = results.All(r => r.Replay.Replayed == missed && r.Replay.Duplicates == 0 && r.Replay.Gaps == 0 && !r.Truncated) && error is null;
            return new CatchUpReport("catchup", rooms.Length, missed, settings.Rounds,
                median.Replay.Replayed, results.Sum(r => r.Replay.Duplicates), results.Sum(r => r.Replay.Gaps), results.Any(r => r.Truncated),
                Math.Round(median.WelcomeMs, 3), Math.Round(median.Seconds * 1000, 3),
                median.Seconds > 0 ? Math.Round(median.Replay.Replayed / median.Seconds) : 0,
                [.. results.Select(r => r.Seconds > 0 ? Math.Round(r.Replay.Replayed / r.Seconds) : 0)],
                Math.Round(talkSeconds, 2), error, ok);
        }
        finally
        {
            returning?.Close();
            foreach (var talker in talkers)
            {
                talker?.Close();
            }
        }
    }

    /// <summary>Says bye and waits for the server to close the connection (its left is stored by then).</summary>
    private async Task LeaveAsync(RoomsClient client, CancellationToken cancellationToken)
    {
        client.SendRaw("{\"type\":\"bye\"}\n"u8);
        await client.Closed.WaitAsync(settings.JoinTimeout, cancellationToken);
        client.Close();
    }

    private sealed class Talker(RoomSay say)
    {
        public RoomSay Say { get; } = say;

        public long Seq;

        public int Remaining;

        public TaskCompletionSource Done { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The talkers: each sends its next say when the previous one is acked.</summary>
    private sealed class Talk : IRoomsHandler
    {
        public static Task SayAsync(RoomsClient client, int count, CancellationToken cancellationToken)
        {
            var talker = (Talker)client.Tag!;
            talker.Done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            talker.Remaining = count;
            if (count == 0)
            {
                return Task.CompletedTask;
            }

            client.SendRaw(talker.Say.Stamp(talker.Seq++));
            return talker.Done.Task.WaitAsync(cancellationToken);
        }

        public void OnFrame(RoomsClient client, ReadOnlySpan<byte> type, ReadOnlySpan<byte> line)
        {
            if (type.SequenceEqual("ack"u8) && client.Tag is Talker talker)
            {
                if (--talker.Remaining > 0)
                {
                    client.SendRaw(talker.Say.Stamp(talker.Seq++));
                }
                else
                {
                    talker.Done.TrySetResult();
                }
            }
        }
    }

    /// <summary>The returning client: counts replayed events per room and checks their ids.</summary>
    private sealed class Replay(IReadOnlyDictionary<string, RoomCursor> cursors) : IRoomsHandler
    {
        private readonly Dictionary<string, RoomProgress> _rooms = cursors.ToDictionary(
            c => c.Key, c => new RoomProgress { Next = (c.Value.Since ?? 0) + 1 }, StringComparer.Ordinal);
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _start;
        private long _end;
        private int _roomsDone;

        public Task Done => _done.Task;

        public long Replayed { get; private set; }

        public long Duplicates { get; private set; }

        public long Gaps { get; private set; }

        public double WelcomeMs { get; private set; }

        public double ElapsedSeconds => (Volatile.Read(ref _end) - _start) / (double)Stopwatch.Frequency;

        public void Start() => _start = Stopwatch.GetTimestamp();

        public void OnRoom(RoomsClient client, RoomFrame room)
        {
            if (WelcomeMs == 0)
            {
                WelcomeMs = (Stopwatch.GetTimestamp() - _start) * 1000.0 / Stopwatch.Frequency;
            }

            if (_rooms.TryGetValue(room.Room, out var progress))
            {
                // The replay holds the events after the cursor and before lastId (the client's own joined).
                progress.Last = room.LastId - 1;
                progress.Known = true;
                CheckDone(progress);
            }
        }

        public void OnFrame(RoomsClient client, ReadOnlySpan<byte> type, ReadOnlySpan<byte> line)
        {
            if (!line.EndsWith(",\"replay\":true}"u8) || !FrameScan.TryGetInt64(line, "\"id\":"u8, out var id))
            {
                return;
            }

            var room = Encoding.UTF8.GetString(FrameScan.RawString(line, "\"room\":\""u8));
            if (!_rooms.TryGetValue(room, out var progress))
            {
                return;
            }

            Replayed++;
            if (id < progress.Next)
            {
                Duplicates++;
            }
            else
            {
                Gaps += id - progress.Next;
                progress.Next = id + 1;
            }

            CheckDone(progress);
        }

        private void CheckDone(RoomProgress progress)
        {
            if (progress.Known && !progress.Finished && progress.Next > progress.Last)
            {
                progress.Finished = true;
                if (++_roomsDone == _rooms.Count)
                {
                    Volatile.Write(ref _end, Stopwatch.GetTimestamp());
                    _done.TrySetResult();
                }
            }
        }

        private sealed class RoomProgress
        {
            public long Next;
            public long Last;
            public bool Known;
            public bool Finished;
        }
    }
}
