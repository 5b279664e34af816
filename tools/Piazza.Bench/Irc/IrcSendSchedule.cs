using System.Diagnostics;
using HdrHistogram;

namespace Piazza.Bench.Irc;

/// <summary>
/// <see cref="SendSchedule"/> for IRC clients: the same open and closed loops, sending PRIVMSG lines.
/// The senders, driven from one dedicated thread so sending never waits behind the receive path.
/// Open loop (a rate): each sender sends on a fixed schedule whether or not anything came back, and
/// how late the thread was against the schedule is recorded as send lag. Closed loop (no rate): the
/// thread keeps at most <c>window</c> messages not yet delivered to every live receiver.
/// </summary>
internal sealed class IrcSendSchedule
{
    private readonly IrcBenchClient[] _clients;
    private readonly IrcBenchClient[] _senders;
        private readonly long[] _sent;
    private readonly IrcMessage[] _messages;
    private readonly double? _rate;
    private readonly int _window;
    private readonly LongHistogram _lag = new(1, LatencyRecorder.HighestMicroseconds, 3);
    private long _totalSent;

    public IrcSendSchedule(IrcBenchClient[] clients, int senders, Payload payload, string channel, double? rate, int window)
    {
        _clients = clients;
        _senders = clients[..senders];
        _rate = rate;
        _window = window;
        _sent = new long[senders];
        _messages = [.. Enumerable.Range(0, senders).Select(s => new IrcMessage(payload, s, channel))];
    }

    public long TotalSent => Volatile.Read(ref _totalSent);

    /// <summary>Messages sent by sender <paramref name="index"/> (also its client index).</summary>
    public long SentBy(int index) => index < _sent.Length ? Volatile.Read(ref _sent[index]) : 0;

    /// <summary>Open loop only: how late sends were against the schedule.</summary>
    public LongHistogram Lag => _lag;

    /// <summary>Sends until <paramref name="until"/> (a timestamp) on a new thread; the task ends with it.</summary>
    public Task RunAsync(long until)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                if (_rate is { } rate)
                {
                    OpenLoop(rate, until);
                }
                else
                {
                    ClosedLoop(until);
                }

                done.TrySetResult();
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "bench-sender",
            Priority = ThreadPriority.AboveNormal,
        };
        thread.Start();
        return done.Task;
    }

    private void OpenLoop(double rate, long until)
    {
        var count = _senders.Length;
        // Each sender sends every `interval` ticks; their schedules are staggered evenly.
        var interval = Stopwatch.Frequency * count / rate;
        var start = Stopwatch.GetTimestamp();
        var next = new double[count];
        for (var s = 0; s < count; s++)
        {
            next[s] = start + (s * interval / count);
        }

        var ticksPerMicro = Stopwatch.Frequency / 1_000_000.0;
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= until)
            {
                return;
            }

            var soonest = double.MaxValue;
            for (var s = 0; s < count; s++)
            {
                while (next[s] <= now)
                {
                    var late = (long)((now - next[s]) / ticksPerMicro);
                    _lag.RecordValue(Math.Clamp(late, 1, LatencyRecorder.HighestMicroseconds));
                    Send(s);
                    next[s] += interval;
                }

                soonest = Math.Min(soonest, next[s]);
            }

            var waitMs = (soonest - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency;
            if (waitMs >= 1)
            {
                Thread.Sleep((int)waitMs);
            }
            else if (waitMs > 0)
            {
                // Under a millisecond: a sleep would overshoot; give the cores to the others briefly.
                Thread.Yield();
            }
        }
    }

    private void ClosedLoop(long until)
    {
        var count = _senders.Length;
        var turn = 0;
        while (Stopwatch.GetTimestamp() < until)
        {
            // The slowest live receiver decides: everything it has not received counts as in flight.
            var slowest = long.MaxValue;
            foreach (var client in _clients)
            {
                if (!client.Ended)
                {
                    slowest = Math.Min(slowest, client.Received + SentBy(client.Index));
                }
            }

            var room = slowest == long.MaxValue ? 0 : _window - (_totalSent - slowest);
            if (room <= 0)
            {
                Thread.Sleep(1);
                continue;
            }

            for (var i = 0; i < room; i++)
            {
                Send(turn);
                turn = (turn + 1) % count;
            }
        }
    }

    private void Send(int sender)
    {
        var message = _messages[sender];
        message.Stamp(_sent[sender], Stopwatch.GetTimestamp());
        if (_senders[sender].SendRaw(message.Line))
        {
            Volatile.Write(ref _sent[sender], _sent[sender] + 1);
            Volatile.Write(ref _totalSent, _totalSent + 1);
        }
    }
}
