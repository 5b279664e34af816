namespace Piazza.Server.Accounts;

/// <summary>
/// A few dedicated threads that compute password hashes, and a bounded queue in front of them. A
/// hash takes tens of milliseconds of CPU and 19 MiB of memory: run on the thread pool, a storm of
/// sign-ins would hold the threads that deliver messages. Here at most <c>threads</c> hashes run at
/// once, whatever arrives, and beyond <c>maxQueued</c> waiting the request is refused at once.
/// </summary>
internal sealed class HashPool : IDisposable
{
    // A monitor, not a Lock: the threads wait on it for work.
    private readonly object _gate = new();
    private readonly Queue<Action> _work = new();
    private readonly Thread[] _threads;
    private readonly int _maxQueued;
    private bool _stopping;

    public HashPool(int threads, int maxQueued)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxQueued, 1);
        _maxQueued = maxQueued;
        _threads = new Thread[threads];
        for (var i = 0; i < threads; i++)
        {
            // Below normal: when the CPU is short, chat traffic goes first and sign-ins wait.
            _threads[i] = new Thread(Run) { IsBackground = true, Name = $"Piazza password hashing {i + 1}", Priority = ThreadPriority.BelowNormal };
            _threads[i].Start();
        }
    }

    /// <summary>How many hashes may run at once.</summary>
    public int Threads => _threads.Length;

    /// <summary>Requests waiting for a thread now.</summary>
    public int Queued
    {
        get
        {
            lock (_gate)
            {
                return _work.Count;
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> on a hashing thread.</summary>
    /// <returns>Null when the queue is full (or the pool is stopping): the caller refuses the request.</returns>
    public Task<T>? TryRun<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_stopping || _work.Count >= _maxQueued)
            {
                return null;
            }

            _work.Enqueue(() =>
            {
                try
                {
                    done.TrySetResult(work());
                }
                catch (Exception e)
                {
                    done.TrySetException(e);
                }
            });
            Monitor.Pulse(_gate);
        }

        return done.Task;
    }

    /// <summary>Stops the threads once the work already queued is done.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }
    }

    private void Run()
    {
        while (true)
        {
            Action next;
            lock (_gate)
            {
                while (_work.Count == 0)
                {
                    if (_stopping)
                    {
                        return;
                    }

                    Monitor.Wait(_gate);
                }

                next = _work.Dequeue();
            }

            next();
        }
    }
}
