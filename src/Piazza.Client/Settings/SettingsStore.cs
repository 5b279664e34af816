using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Piazza.Client.Core;

namespace Piazza.Client.Settings;

/// <summary>
/// Reads and writes settings.json in the user's config folder
/// (<see cref="Environment.SpecialFolder.ApplicationData"/>/piazza, or <c>PIAZZA_CONFIG_DIR</c>):
/// the connect form's values, the notification switch, and for each account (server and username)
/// its rooms with their cursors and the room on screen. A missing or damaged file means defaults:
/// settings are a convenience, never a reason not to start. Safe from any thread.
/// </summary>
public sealed class SettingsStore
{
    public const string ConfigDirVariable = "PIAZZA_CONFIG_DIR";
    public const string FileName = "settings.json";

    private readonly ILogger<SettingsStore> _logger;
    private readonly Lock _gate = new();

    public SettingsStore(string directory, ILogger<SettingsStore> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = directory;
        _logger = logger;
    }

    public string Directory { get; }

    public string FilePath => Path.Combine(Directory, FileName);

    /// <summary>The folder used when none is given: PIAZZA_CONFIG_DIR, else ApplicationData/piazza.</summary>
    public static string DefaultDirectory()
    {
        var overridden = Environment.GetEnvironmentVariable(ConfigDirVariable);
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            return overridden;
        }

        var appData = Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(appData))
        {
            // No home folder at all (a service account): fall back to a per-user temp folder.
            appData = Path.GetTempPath();
        }

        return Path.Combine(appData, "piazza");
    }

    public ClientSettings Load()
    {
        lock (_gate)
        {
            var file = ReadLocked();
            return new ClientSettings
            {
                // A hand-edited file may hold nulls; the form wants strings.
                Host = file.Host ?? ClientSettings.Default.Host,
                Port = file.Port is >= 1 and <= 65535 ? file.Port : ClientSettings.Default.Port,
                Username = file.Username ?? ClientSettings.Default.Username,
                UseTls = file.UseTls ?? false,
                Notifications = file.Notifications ?? ClientSettings.Default.Notifications,
                NotificationsAsked = file.NotificationsAsked ?? false,
            };
        }
    }

    /// <summary>Saves the connect form's values and the switches; what is kept per account stays.</summary>
    public bool Save(ClientSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Change(file =>
        {
            file.Host = settings.Host;
            file.Port = settings.Port;
            file.Username = settings.Username;
            file.UseTls = settings.UseTls ? true : null;
            file.Notifications = settings.Notifications;
            file.NotificationsAsked = settings.NotificationsAsked;
        });
    }

    /// <summary>Changes the connect form's values and switches from what is saved now.</summary>
    public bool Update(Func<ClientSettings, ClientSettings> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            return Save(change(Load()));
        }
    }

    /// <summary>Where <paramref name="account"/> was, or null when nothing is saved for it.</summary>
    public AccountPlace? LoadPlace(ServerAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        lock (_gate)
        {
            if (ReadLocked().Accounts is not { } accounts || !accounts.TryGetValue(account.Key, out var place) || place is null)
            {
                return null;
            }

            List<SavedRoom> rooms = [];
            foreach (var room in place.Rooms ?? [])
            {
                if (room?.Room is { Length: > 0 } name)
                {
                    rooms.Add(new SavedRoom(name, room.Epoch, Math.Max(0, room.LastId)));
                }
            }

            var unread = new Dictionary<string, UnreadCount>(StringComparer.Ordinal);
            foreach (var (room, count) in place.Unread ?? [])
            {
                if (count is { Messages: > 0 })
                {
                    unread[room] = new UnreadCount(count.Messages, Math.Clamp(count.Alerts, 0, count.Messages), count.Mentioned);
                }
            }

            return new AccountPlace(rooms, place.Current, unread);
        }
    }

    /// <summary>Keeps the rooms and cursors of <paramref name="account"/>; the room on screen stays.</summary>
    public bool SaveRooms(ServerAccount account, SavedRooms rooms)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(rooms);
        return Change(file =>
        {
            var place = PlaceOf(file, account);
            place.Rooms = [.. rooms.Rooms.Select(r => new RoomFile { Room = r.Room, Epoch = r.Epoch, LastId = r.LastId })];
        });
    }

    /// <summary>Keeps the room on screen for <paramref name="account"/>.</summary>
    public bool SaveCurrent(ServerAccount account, string? room)
    {
        ArgumentNullException.ThrowIfNull(account);
        return Change(file => PlaceOf(file, account).Current = room);
    }

    /// <summary>Keeps what is unread in each room of <paramref name="account"/>, for the next run.</summary>
    public bool SaveUnread(ServerAccount account, IReadOnlyDictionary<string, UnreadCount> unread)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(unread);
        return Change(file => PlaceOf(file, account).Unread = unread.Count == 0
            ? null
            : unread.ToDictionary(u => u.Key, u => (UnreadFile?)new UnreadFile { Messages = u.Value.Messages, Alerts = u.Value.Alerts, Mentioned = u.Value.Mentioned }, StringComparer.Ordinal));
    }

    /// <summary>The certificate trusted on first use for <paramref name="host"/>:<paramref name="port"/>, or null.</summary>
    public KnownCertificate? FindCertificate(string host, int port)
    {
        lock (_gate)
        {
            var key = KnownCertificate.KeyFor(host, port);
            return ReadLocked().Certificates is { } all && all.TryGetValue(key, out var known) && known?.Fingerprint is { } fingerprint
                ? new KnownCertificate(host, port, fingerprint, known.TrustedAt)
                : null;
        }
    }

    /// <summary>Every certificate trusted on first use, by host and port (entries a hand edit broke are left out).</summary>
    public IReadOnlyList<KnownCertificate> ListCertificates()
    {
        lock (_gate)
        {
            List<KnownCertificate> all = [];
            foreach (var (key, known) in ReadLocked().Certificates ?? [])
            {
                if (known?.Fingerprint is { } fingerprint && SplitKey(key) is { } server)
                {
                    all.Add(new KnownCertificate(server.Host, server.Port, fingerprint, known.TrustedAt));
                }
            }

            return [.. all.OrderBy(c => c.Key, StringComparer.Ordinal)];
        }
    }

    /// <summary>A key's host and port (<c>host:port</c>, <c>[::1]:port</c>), or null for one that is not.</summary>
    private static (string Host, int Port)? SplitKey(string key)
    {
        var colon = key.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(key.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
        {
            return null;
        }

        var host = key[..colon];
        return (host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host, port);
    }

    /// <summary>Remembers the certificate trusted for its server, in place of any other.</summary>
    public bool TrustCertificate(KnownCertificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var checkedCertificate = certificate.Checked();
        return Change(file =>
        {
            file.Certificates ??= new(StringComparer.Ordinal);
            file.Certificates[checkedCertificate.Key] = new CertificateFile
            {
                Fingerprint = checkedCertificate.Fingerprint,
                TrustedAt = checkedCertificate.TrustedAt,
            };
        });
    }

    /// <summary>Forgets the certificate trusted for a server; false when none was.</summary>
    public bool ForgetCertificate(string host, int port)
    {
        var key = KnownCertificate.KeyFor(host, port);
        var had = false;
        Change(file => had = file.Certificates?.Remove(key) == true);
        return had;
    }

    private static PlaceFile PlaceOf(SettingsFile file, ServerAccount account)
    {
        file.Accounts ??= new(StringComparer.Ordinal);
        if (!file.Accounts.TryGetValue(account.Key, out var place) || place is null)
        {
            place = new PlaceFile();
            file.Accounts[account.Key] = place;
        }

        return place;
    }

    private bool Change(Action<SettingsFile> change)
    {
        lock (_gate)
        {
            var file = ReadLocked();
            change(file);
            var temp = FilePath + ".tmp";
            try
            {
                System.IO.Directory.CreateDirectory(Directory);
                File.WriteAllText(temp, JsonSerializer.Serialize(file, SettingsJsonContext.Default.SettingsFile));
                File.Move(temp, FilePath, overwrite: true);
                return true;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.SettingsNotSaved(_logger, FilePath, ex.Message);
                return false;
            }
        }
    }

    private SettingsFile ReadLocked()
    {
        try
        {
            if (!File.Exists(FilePath))
            {
                return new SettingsFile();
            }

            var json = File.ReadAllText(FilePath);
            return JsonSerializer.Deserialize(json, SettingsJsonContext.Default.SettingsFile) ?? new SettingsFile();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            Log.SettingsUnreadable(_logger, FilePath, ex.Message);
            return new SettingsFile();
        }
    }
}

/// <summary>settings.json as written; every member may be missing or null in a hand-edited file.</summary>
internal sealed class SettingsFile
{
    public string? Host { get; set; }

    public int Port { get; set; } = ClientSettings.Default.Port;

    public string? Username { get; set; }

    public bool? Notifications { get; set; }

    public bool? NotificationsAsked { get; set; }

    public bool? UseTls { get; set; }

    /// <summary>Certificates trusted on first use, by server (<see cref="KnownCertificate.Key"/>, host:port).</summary>
    public Dictionary<string, CertificateFile?>? Certificates { get; set; }

    /// <summary>Per account, by <see cref="ServerAccount.Key"/> (host:port/username).</summary>
    public Dictionary<string, PlaceFile?>? Accounts { get; set; }
}

internal sealed class PlaceFile
{
    public List<RoomFile?>? Rooms { get; set; }

    public string? Current { get; set; }

    public Dictionary<string, UnreadFile?>? Unread { get; set; }
}

internal sealed class UnreadFile
{
    public int Messages { get; set; }

    public int Alerts { get; set; }

    public bool Mentioned { get; set; }
}

internal sealed class CertificateFile
{
    public string? Fingerprint { get; set; }

    public DateTimeOffset TrustedAt { get; set; }
}

internal sealed class RoomFile
{
    public string? Room { get; set; }

    public string? Epoch { get; set; }

    public long LastId { get; set; }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowReadingFromString, AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SettingsFile))]
internal sealed partial class SettingsJsonContext : JsonSerializerContext;
