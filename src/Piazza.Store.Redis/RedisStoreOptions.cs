namespace Piazza.Store.Redis;

/// <summary>Where and how the Redis store keeps its data.</summary>
/// <param name="Address">The Redis server.</param>
public sealed record RedisStoreOptions(RedisAddress Address)
{
    /// <summary>
    /// Every key starts with this, so one Redis can hold several chats (and tests can share one
    /// server). Default <c>piazza:</c>.
    /// </summary>
    public string Prefix { get; init; } = "piazza:";

    /// <summary>Retention and dedupe, as every store is told.</summary>
    public StoreOptions Store { get; init; } = new();

    /// <summary>How often retention runs (trimming by age; trimming by count happens at every append).</summary>
    public TimeSpan MaintenanceInterval { get; init; } = TimeSpan.FromMinutes(1);
}
