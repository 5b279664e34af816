namespace Piazza.Client.Core.Tests;

/// <summary>
/// Records every event a client raises and lets a test wait, with a timeout, for the next event
/// that matches. Waiting moves a cursor forward, so successive waits also check the order.
/// </summary>
public sealed class EventRecorder
{
    private readonly List<ChatEvent> _events = [];
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _cursor;

    public EventRecorder(ChatClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.EventRaised += (_, e) =>
        {
            TaskCompletionSource changed;
            lock (_gate)
            {
                _events.Add(e);
                changed = _changed;
                _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            changed.TrySetResult();
        };
    }

    public IReadOnlyList<ChatEvent> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>The next event after the cursor that is a <typeparamref name="T"/> matching <paramref name="match"/>.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool>? match = null, TimeSpan? timeout = null) where T : ChatEvent
    {
        var deadline = DateTime.UtcNow + (timeout ?? Wait.Default);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                for (var i = _cursor; i < _events.Count; i++)
                {
                    if (_events[i] is T e && (match is null || match(e)))
                    {
                        _cursor = i + 1;
                        return e;
                    }
                }

                changed = _changed.Task;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No {typeof(T).Name} arrived in time; events so far: {string.Join(", ", All)}");
            }

            try
            {
                await changed.WaitAsync(left);
            }
            catch (TimeoutException)
            {
                // Checked once more above, then reported.
            }
        }
    }

    /// <summary>Waits for the status to reach <paramref name="state"/>.</summary>
    public async Task<ChatStatus> WaitForStateAsync(ConnectionState state, TimeSpan? timeout = null) =>
        (await WaitForAsync<StatusChanged>(s => s.Status.State == state, timeout)).Status;
}
