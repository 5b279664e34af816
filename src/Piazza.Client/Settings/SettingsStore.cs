using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace Piazza.Client.Settings;

/// <summary>
/// Reads and writes settings.json in the user's config folder
/// (<see cref="Environment.SpecialFolder.ApplicationData"/>/piazza, or <c>PIAZZA_CONFIG_DIR</c>).
/// A missing or damaged file means defaults: settings are a convenience, never a reason not to start.
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
            try
            {
                if (!File.Exists(FilePath))
                {
                    return ClientSettings.Default;
                }

                var json = File.ReadAllText(FilePath);
                var loaded = JsonSerializer.Deserialize(json, SettingsJsonContext.Default.ClientSettings);
                return Sanitize(loaded);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
            {
                Log.SettingsUnreadable(_logger, FilePath, ex.Message);
                return ClientSettings.Default;
            }
        }
    }

    /// <summary>Saves atomically (write a temporary file, then rename) so a crash never leaves half a file.</summary>
    public bool Save(ClientSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        lock (_gate)
        {
            var temp = FilePath + ".tmp";
            try
            {
                System.IO.Directory.CreateDirectory(Directory);
                File.WriteAllText(temp, JsonSerializer.Serialize(settings, SettingsJsonContext.Default.ClientSettings));
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

    private static ClientSettings Sanitize(ClientSettings? loaded) =>
        loaded is null
            ? ClientSettings.Default
            : new ClientSettings
            {
                // A hand-edited file may hold nulls; the form wants strings.
                Host = loaded.Host ?? ClientSettings.Default.Host,
                Port = loaded.Port is >= 1 and <= 65535 ? loaded.Port : ClientSettings.Default.Port,
                Username = loaded.Username ?? ClientSettings.Default.Username,
            };
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowReadingFromString, AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(ClientSettings))]
internal sealed partial class SettingsJsonContext : JsonSerializerContext;
