namespace Piazza.Client.Core;

/// <summary>
/// Messages sent on one connection and not yet acknowledged, by their <c>ref</c>. Once the
/// connection ends, every pending message fails and no new one is accepted.
/// </summary>
internal sealed class PendingSends
{
    private readonly Dictionary<string, TaskCompletionSource<SendResult>> _byRef = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private bool _closed;

    /// <summary>The task that completes with the outcome, or null when the connection already ended.</summary>
    public Task<SendResult>? TryAdd(string reference)
    {
        var pending = new TaskCompletionSource<SendResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_closed)
            {
                return null;
            }

            _byRef.Add(reference, pending);
        }

        return pending.Task;
    }

    /// <summary>Completes the message with <paramref name="reference"/>; false when none is pending.</summary>
    public bool Complete(string reference, SendResult result)
    {
        TaskCompletionSource<SendResult>? pending;
        lock (_gate)
        {
            if (!_byRef.Remove(reference, out pending))
            {
                return false;
            }
        }

        pending.TrySetResult(result);
        return true;
    }

    public void Forget(string reference)
    {
        lock (_gate)
        {
            _byRef.Remove(reference);
        }
    }

    /// <summary>Fails everything pending with <paramref name="result"/> and refuses new entries.</summary>
    public void FailAll(SendResult result)
    {
        TaskCompletionSource<SendResult>[] all;
        lock (_gate)
        {
            _closed = true;
            all = [.. _byRef.Values];
            _byRef.Clear();
        }

        foreach (var pending in all)
        {
            pending.TrySetResult(result);
        }
    }
}
