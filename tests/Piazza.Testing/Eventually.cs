namespace Piazza.Testing;

/// <summary>
/// Waiting for a condition with a deadline, instead of sleeping a fixed time. The deadline is
/// generous: it only decides how long a broken build takes to fail, never whether a fast
/// machine passes.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task TrueAsync(Func<bool> condition, TimeSpan? timeout = null, string? what = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        await ValueAsync(() => condition() ? "yes" : null, timeout, what ?? "the condition");
    }

    public static async Task<T> ValueAsync<T>(Func<T?> probe, TimeSpan? timeout = null, string? what = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            if (probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {(timeout ?? DefaultTimeout).TotalSeconds:0.#} s waiting for {what ?? "a value"}.");
            }

            await Task.Delay(10);
        }
    }
}
