using Piazza.Client.Core;

namespace Piazza.Client.Settings;

/// <summary>
/// The client library's cursor store, kept in settings.json beside everything else the app
/// remembers: per server and username, the rooms and conversations with their cursors, so that
/// reopening the app rejoins them and shows exactly what was missed.
/// </summary>
public sealed class SettingsCursorStore(SettingsStore settings) : ICursorStore
{
    public ValueTask<SavedRooms?> LoadAsync(ServerAccount account, CancellationToken ct) =>
        ValueTask.FromResult(settings.LoadPlace(account) is { } place ? new SavedRooms(place.Rooms) : null);

    public ValueTask SaveAsync(ServerAccount account, SavedRooms rooms, CancellationToken ct)
    {
        if (!settings.SaveRooms(account, rooms))
        {
            // The store logged why; the library logs a failed save and tries again at the next one.
            throw new IOException($"Could not save the rooms to {settings.FilePath}.");
        }

        return ValueTask.CompletedTask;
    }
}
