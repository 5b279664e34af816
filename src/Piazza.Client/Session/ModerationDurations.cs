using System.Globalization;

namespace Piazza.Client.Session;

/// <summary>The durations the moderation menus offer for a ban or a mute, as the select's values (seconds; empty for good).</summary>
public static class ModerationDurations
{
    /// <summary>The value chosen when a menu opens: one hour.</summary>
    public const string Default = "3600";

    /// <summary>Each choice: its value (whole seconds, or empty for good) and its label.</summary>
    public static IReadOnlyList<(string Value, string Label)> Choices { get; } =
    [
        ("600", "10 minutes"), ("3600", "1 hour"), ("86400", "1 day"), ("604800", "1 week"), ("", "For good"),
    ];

    /// <summary>A select's value as a duration: null for good (an empty value, or anything that is not one of the choices).</summary>
    public static TimeSpan? Parse(string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
}
