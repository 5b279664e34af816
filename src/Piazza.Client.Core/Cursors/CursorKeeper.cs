using Microsoft.Extensions.Logging;

namespace Piazza.Client.Core;

/// <summary>
/// Saves the rooms and cursors of one account to its <see cref="ICursorStore"/>: at most one save
/// every <see cref="Delay"/> while events flow, and at once when asked to flush (on disconnect, on
/// losing the connection, on dispose). Saves never overlap and never throw: a store that fails is
/// logged, and the next save tries again.
/// </summary>
internal sealed class CursorKeeper
{
    /// <summary>How long a change may wait before it is saved.</summary>
    public static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);

    private readonly ICursorStore _store;
    private readonly Func<SavedRooms> _snapshot;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private int _dirty;
    private bool _stopped;

    /// <summary>The last save begun: the next one waits for it, so saves never overlap.</summary>
    private Task _saving = Task.CompletedTask;

    public CursorKeeper(ICursorStore store, ServerAccount account, Func<SavedRooms> snapshot, TimeProvider time, ILogger logger)
    {
        _store = store;
        Account = account;
        _snapshot = snapshot;
        _time = time;
        _logger = logger;
    }

    public ServerAccount Account { get; }

    /// <summary>Something to save changed: a save follows within <see cref="Delay"/>.</summary>
    public void Changed()
    {
        Volatile.Write(ref _dirty, 1);
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _timer ??= _time.CreateTimer(static s => _ = ((CursorKeeper)s!).FlushAsync(CancellationToken.None), this, Delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>No more saves: the client connects to another account, or with another store.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _stopped = true;
            _timer?.Dispose();
            _timer = null;
        }
    }

    /// <summary>Saves now if anything changed since the last save.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        Task previous;
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
            if (_stopped)
            {
                return;
            }

            previous = _saving;
            _saving = mine.Task;
        }

        try
        {
            await previous;
            if (Interlocked.Exchange(ref _dirty, 0) == 0)
            {
                return;
            }

            await _store.SaveAsync(Account, _snapshot(), ct);
        }
#pragma warning disable CA1031 // A store is someone else's code: whatever it throws is logged, and the chat goes on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Volatile.Write(ref _dirty, 1);
            Log.CursorSaveFailed(_logger, ex);
        }
        finally
        {
            mine.SetResult();
        }
    }
}
