using System.Diagnostics;
using System.Globalization;
using System.Text;
using Piazza.Protocol;

namespace Piazza.Bench;

/// <summary>
/// History: fillers say <see cref="RoomsSettings.Events"/> messages into one room
/// (<see cref="RoomsSettings.Window"/> says in flight each), the server's resident memory is read before and after (each time once it has been
/// quiet for <see cref="RoomsSettings.Quiet"/>), then one member pages back through the room with
/// <c>history</c>, one request at a time, timing each page from request to answer.
/// </summary>
internal sealed class HistoryScenario(RoomsSettings settings, ProgressLine progress) : IRoomsHandler
{
    /// <summary>Events said before the baseline is read, so code run for the first time is not charged to history.</summary>
    private const int WarmupEvents = 20_000;

    private long _target;
    private long _sent;
    private long _acked;
    private long _lastId;
    private TaskCompletionSource _filled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<(long First, int Count, long Received)>? _page;

    private sealed class Filler(RoomSay say)
    {
        public RoomSay Say { get; } = say;

        public long Seq;
    }

    public async Task<HistoryReport> RunAsync(CancellationToken cancellationToken)
    {
        var probe = settings.ServerPid is { } pid ? new ServerProbe(pid) : null;
        var runId = (ushort)Random.Shared.Next(0, 0x10000);
        var payload = new Payload(runId, settings.PayloadBytes);
        var room = string.Create(CultureInfo.InvariantCulture, $"#h{runId:x4}");
        var fillers = new RoomsClient[settings.Fillers];
        try
        {
            for (var i = 0; i < fillers.Length; i++)
            {
                fillers[i] = await RoomsClient.ConnectAsync(settings.Server, null, i, $"h{runId:x4}-{i}",
                    new Dictionary<string, RoomCursor> { [room] = new RoomCursor() }, this, settings.ReadBufferBytes,
                    settings.JoinTimeout, cancellationToken, tag: new Filler(new RoomSay(payload, i, room)));
            }

            await FillAsync(fillers, Math.Min(WarmupEvents, settings.Events), cancellationToken);
            await QuietAsync(cancellationToken);
            var rssBefore = probe?.RssKiB();
            var anonBefore = probe?.RssAnonKiB();
            var sizeBefore = DataFiles.SizeBytes(settings.DataDir);
            var stored = Interlocked.Read(ref _acked);

            var fillClock = Stopwatch.StartNew();
            await FillAsync(fillers, settings.Events, cancellationToken);
            var fillSeconds = fillClock.Elapsed.TotalSeconds;
            var filled = Interlocked.Read(ref _acked) - stored;
            await QuietAsync(cancellationToken);
            var rssAfter = probe?.RssKiB();
            var anonAfter = probe?.RssAnonKiB();
            var sizeAfter = DataFiles.SizeBytes(settings.DataDir);

            // Page back from the newest event, 200 at a time, starting over at the newest at the oldest page.
            var pager = fillers[0];
            var newest = Interlocked.Read(ref _lastId);
            var before = newest + 1;
            var latency = LatencyRecorder.NewHistogram();
            long paged = 0, gaps = 0;
            for (var p = -Math.Min(50, settings.Pages); p < settings.Pages; p++)
            {
                var request = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                    $"{{\"type\":\"history\",\"room\":\"{room}\",\"before\":{before},\"limit\":{settings.PageSize}}}\n"));
                var answer = new TaskCompletionSource<(long First, int Count, long Received)>(TaskCreationOptions.RunContinuationsAsynchronously);
                Volatile.Write(ref _page, answer);
                var sent = Stopwatch.GetTimestamp();
                pager.SendRaw(request);
                var (first, count, received) = await answer.Task.WaitAsync(settings.JoinTimeout, cancellationToken);
                if (p >= 0)
                {
                    latency.RecordValue(Math.Clamp((received - sent) * 1_000_000 / Stopwatch.Frequency, 1, LatencyRecorder.HighestMicroseconds));
                    paged += count;
                    var wanted = (int)Math.Min(settings.PageSize, before - 1);
                    if (count != wanted || first != before - count)
                    {
                        gaps++;
                    }
                }

                // A store that keeps less than everything (memory: the newest 10,000) ends early: start over.
                before = count < settings.PageSize || first <= 1 ? newest + 1 : first;
                if (p % 100 == 0)
                {
                    progress.Show($"[history] paging: {Math.Max(0, p)}/{settings.Pages}");
                }
            }

            progress.Done();
            var error = fillers.Select(f => f.FirstError).FirstOrDefault(e => e is not null);
            double? growth = rssBefore is { } rb && rssAfter is { } ra ? Math.Round((ra - rb) / 1024.0, 1) : null;
            var ok = error is null && gaps == 0 && filled >= settings.Events;
            return new HistoryReport("history", filled, newest, Math.Round(fillSeconds, 2),
                fillSeconds > 0 ? Math.Round(filled / fillSeconds) : 0,
                rssBefore, rssAfter, growth, growth is { } g && filled > 0 ? Math.Round(g / (filled / 1e6), 1) : null,
                anonBefore, anonAfter, sizeAfter,
                sizeBefore is { } sb && sizeAfter is { } sa && filled > 0 ? Math.Round((sa - sb) / (filled / 1e6)) : null,
                settings.Pages, settings.PageSize, paged, gaps, LatencyRecorder.Summarize(latency), error, ok);
        }
        finally
        {
            foreach (var filler in fillers)
            {
                filler?.Close();
            }
        }
    }

    public void OnFrame(RoomsClient client, ReadOnlySpan<byte> type, ReadOnlySpan<byte> line)
    {
        if (type.SequenceEqual("ack"u8))
        {
            if (FrameScan.TryGetInt64(line, "\"id\":"u8, out var id))
            {
                InterlockedMax(ref _lastId, id);
            }

            var acked = Interlocked.Increment(ref _acked);
            if (Interlocked.Increment(ref _sent) <= Volatile.Read(ref _target))
            {
                var filler = (Filler)client.Tag!;
                lock (filler)
                {
                    client.SendRaw(filler.Say.Stamp(filler.Seq++));
                }
            }
            else
            {
                Interlocked.Decrement(ref _sent);
            }

            if (acked >= Volatile.Read(ref _target))
            {
                _filled.TrySetResult();
            }
        }
        else if (type.SequenceEqual("history"u8))
        {
            var received = Stopwatch.GetTimestamp();
            // The page's events are objects that each start with "type"; the answer's own type is the first.
            var count = Occurrences(line, "{\"type\":"u8) - 1;
            FrameScan.TryGetInt64(line, "\"id\":"u8, out var first);
            Volatile.Read(ref _page)?.TrySetResult((first, count, received));
        }
    }

    /// <summary>Says until <paramref name="count"/> more messages are acknowledged, --window says in flight per filler.</summary>
    private async Task FillAsync(RoomsClient[] fillers, long count, CancellationToken cancellationToken)
    {
        _filled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var target = Interlocked.Read(ref _acked) + count;
        Volatile.Write(ref _target, target);
        for (var w = 0; w < settings.Window; w++)
        {
            foreach (var filler in fillers)
            {
                if (Interlocked.Increment(ref _sent) <= target)
                {
                    var state = (Filler)filler.Tag!;
                    lock (state)
                    {
                        filler.SendRaw(state.Say.Stamp(state.Seq++));
                    }
                }
                else
                {
                    Interlocked.Decrement(ref _sent);
                }
            }
        }

        while (!_filled.Task.IsCompleted)
        {
            await Task.WhenAny(_filled.Task, Task.Delay(TimeSpan.FromSeconds(1), cancellationToken));
            progress.Show($"[history] filling: {Interlocked.Read(ref _acked):N0}/{target:N0} stored");
            if (fillers.All(f => f.Ended))
            {
                throw new IOException("every filler's connection closed while filling the room.");
            }
        }
    }

    /// <summary>Waits for the server to be quiet long enough for its memory trimmer (one collection after a burst).</summary>
    private Task QuietAsync(CancellationToken cancellationToken)
    {
        progress.Show($"[history] quiet for {settings.Quiet.TotalSeconds:0.#} s before reading the server's memory");
        return Task.Delay(settings.Quiet, cancellationToken);
    }

    private static int Occurrences(ReadOnlySpan<byte> text, ReadOnlySpan<byte> value)
    {
        var count = 0;
        int at;
        while ((at = text.IndexOf(value)) >= 0)
        {
            count++;
            text = text[(at + value.Length)..];
        }

        return count;
    }

    private static void InterlockedMax(ref long location, long value)
    {
        var current = Interlocked.Read(ref location);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref location, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
