namespace Piazza.Store.Redis;

/// <summary>Retention by age (and by count, for rooms no append has trimmed yet), every minute on one node or many: trimming twice is harmless.</summary>
public sealed partial class RedisStore
{
    /// <summary>Applies retention to every room and conversation now; returns how many events went.</summary>
    /// <exception cref="StoreUnavailableException">Redis cannot serve this now.</exception>
    public async Task<long> RunMaintenanceAsync()
    {
        if (Store.RetentionEvents <= 0 && Store.RetentionDays <= 0)
        {
            return 0;
        }

        var db = Db;
        var cutoff = Store.RetentionDays > 0
            ? UnixMs.From(time.GetUtcNow()) - (long)TimeSpan.FromDays(Store.RetentionDays).TotalMilliseconds
            : 0;
        var rooms = await Guard(() => db.SetMembersAsync(keys.AllRooms));
        long removed = 0;
        foreach (var room in rooms.Select(r => (string)r!))
        {
            var reply = await Guard(() => db.ScriptEvaluateAsync(
                RedisScripts.Trim, [keys.Room(room), keys.Events(room)], [Store.RetentionEvents, cutoff]));
            removed += (long)reply;
        }

        if (removed > 0)
        {
            Log.Trimmed(logger, removed);
        }

        return removed;
    }

    private async Task MaintainQuietlyAsync()
    {
        try
        {
            await RunMaintenanceAsync();
        }
        catch (StoreUnavailableException e)
        {
            Log.MaintenanceFailed(logger, e.Message);
        }
    }
}
