using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Piazza.Server.Configuration;

/// <summary>One setting read from a configuration file: its key, its values as command-line text, and its line.</summary>
internal sealed record ConfigEntry(string Key, IReadOnlyList<string> Values, int Line);

/// <summary>
/// A configuration file: one JSON object whose keys are the server's option names without the
/// leading dashes (<c>"max-rooms": 500</c>). Comments (<c>//</c>, <c>/* */</c>) and trailing
/// commas are allowed. Values are strings, numbers, true/false, or arrays of them for options
/// that take several values (<c>"admins": ["alice", "bob"]</c>).
/// </summary>
internal sealed class ConfigFile
{
    private ConfigFile(string path, IReadOnlyList<ConfigEntry> entries)
    {
        Path = path;
        Entries = entries;
    }

    /// <summary>The file as the operator named it.</summary>
    public string Path { get; }

    /// <summary>The settings in the order they appear.</summary>
    public IReadOnlyList<ConfigEntry> Entries { get; }

    /// <summary>Reads and parses <paramref name="path"/>.</summary>
    /// <exception cref="ConfigException">The file cannot be read, is not JSON, or is not one object of settings.</exception>
    public static ConfigFile Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ConfigException($"--config: cannot read the configuration file {path} ({ex.Message}).");
        }

        return Parse(path, bytes);
    }

    /// <summary>Parses <paramref name="bytes"/> as the contents of <paramref name="path"/>.</summary>
    /// <exception cref="ConfigException">The text is not JSON, or not one object of settings.</exception>
    public static ConfigFile Parse(string path, ReadOnlySpan<byte> bytes)
    {
        var text = bytes.StartsWith("\uFEFF"u8) ? bytes[3..] : bytes;
        var offset = bytes.Length - text.Length;
        var reader = new Utf8JsonReader(text, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            MaxDepth = 8,
        });
        var entries = new List<ConfigEntry>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new ConfigException($"{path}, line {LineOf(bytes, offset + (int)reader.TokenStartIndex)}: the file must hold one JSON object of settings ({{ \"port\": 5000, ... }}).");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var line = LineOf(bytes, offset + (int)reader.TokenStartIndex);
                var key = reader.GetString()!;
                if (seen.TryGetValue(key, out var first))
                {
                    throw new ConfigException($"{path}, line {line}: key \"{key}\" is set twice (first on line {first}); keep one.");
                }

                seen.Add(key, line);
                reader.Read();
                entries.Add(new ConfigEntry(key, ReadValues(ref reader, path, key, line), line));
            }

            if (reader.TokenType != JsonTokenType.EndObject)
            {
                throw new ConfigException($"{path}, line {LineOf(bytes, offset + (int)reader.TokenStartIndex)}: expected a key or the closing brace.");
            }

            if (reader.Read())
            {
                throw new ConfigException($"{path}, line {LineOf(bytes, offset + (int)reader.TokenStartIndex)}: nothing may follow the object of settings.");
            }
        }
        catch (JsonException ex)
        {
            var line = (ex.LineNumber ?? 0) + 1;
            throw new ConfigException($"{path}, line {line}: not valid JSON ({FirstSentence(ex.Message)}).");
        }

        return new ConfigFile(path, entries);
    }

    private static List<string> ReadValues(ref Utf8JsonReader reader, string path, string key, int line)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return [Scalar(ref reader, path, key, line)];
        }

        var values = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            values.Add(Scalar(ref reader, path, key, line));
        }

        if (values.Count == 0)
        {
            throw new ConfigException($"{path}, line {line}: key \"{key}\" is an empty list; remove the key to keep the default.");
        }

        return values;
    }

    private static string Scalar(ref Utf8JsonReader reader, string path, string key, int line) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString()!,
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray()),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => throw new ConfigException($"{path}, line {line}: key \"{key}\" is null; remove the key to keep the default."),
        _ => throw new ConfigException($"{path}, line {line}: key \"{key}\" must be a string, a number, true/false or a list of them, not an object."),
    };

    private static int LineOf(ReadOnlySpan<byte> bytes, int offset)
    {
        offset = Math.Clamp(offset, 0, bytes.Length);
        return bytes[..offset].Count((byte)'\n') + 1;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ').ToString(CultureInfo.InvariantCulture);
    }
}
