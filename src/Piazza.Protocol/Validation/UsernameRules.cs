using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Piazza.Protocol;

/// <summary>The username rules of protocol §2, shared by the server and every client.</summary>
public static class UsernameRules
{
    /// <summary>The field name used in messages.</summary>
    public const string Field = "Username";

    /// <summary>The rule in one sentence, as the contract words it.</summary>
    public const string Rule = "Usernames are 1-32 characters: letters, digits, _ - . and start with a letter.";

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.");

    /// <summary>Names nobody may take, compared case-insensitively.</summary>
    public static FrozenSet<string> Reserved { get; } =
        new[] { "server", "system", "admin", "everyone", "here" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>How usernames compare for uniqueness: case-insensitively (<c>Alice</c> and <c>alice</c> clash).</summary>
    public static StringComparer Comparer => StringComparer.OrdinalIgnoreCase;

    /// <summary>Checks <paramref name="username"/> against every rule except uniqueness.</summary>
    public static ValidationResult Validate(string? username)
    {
        if (string.IsNullOrEmpty(username))
        {
            return Invalid("Username is required. " + Rule);
        }

        if (!char.IsAsciiLetter(username[0]))
        {
            return Invalid($"Username must start with a letter (A-Z or a-z), not {Describe(username)}.");
        }

        // Characters before length: a refused character is named whole (an emoji is two UTF-16
        // units), and the length below then counts characters that are all one unit each.
        var bad = username.AsSpan().IndexOfAnyExcept(Allowed);
        if (bad >= 0)
        {
            return Invalid($"Username may contain only ASCII letters, digits, _ - and .; {Describe(username.AsSpan(bad))} is not allowed.");
        }

        if (username.Length > ProtocolLimits.MaxUsernameLength)
        {
            return Invalid($"Username is {username.Length} characters long; the limit is {ProtocolLimits.MaxUsernameLength}.");
        }

        if (Reserved.Contains(username))
        {
            return Invalid($"Username '{username}' is reserved; please choose another.");
        }

        return ValidationResult.Valid(Field);
    }

    /// <summary>
    /// A free variant of a taken name (<c>alice</c> to <c>alice_2</c>, <c>alice_3</c>...) for
    /// <c>username_taken</c>; <paramref name="isTaken"/> says which names are in use.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="taken"/> is empty or holds a character no username may have.</exception>
    public static string Suggest(string taken, Func<string, bool> isTaken)
    {
        ArgumentNullException.ThrowIfNull(taken);
        ArgumentNullException.ThrowIfNull(isTaken);

        // A suffix mends a name that is too long or reserved, never one with a bad character
        // ("1abc_2" still starts with a digit): for those the search below would never end.
        if (taken.Length == 0 || !char.IsAsciiLetter(taken[0]) || taken.AsSpan().ContainsAnyExcept(Allowed))
        {
            throw new ArgumentException($"Only a valid username can be varied. {Validate(taken).Message}", nameof(taken));
        }

        for (var n = 2; ; n++)
        {
            var suffix = "_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var stem = taken.Length + suffix.Length > ProtocolLimits.MaxUsernameLength
                ? taken[..(ProtocolLimits.MaxUsernameLength - suffix.Length)]
                : taken;
            var candidate = stem + suffix;
            if (!isTaken(candidate) && Validate(candidate).IsValid)
            {
                return candidate;
            }
        }
    }

    private static ValidationResult Invalid(string message) => new(Field, ErrorCodes.InvalidUsername, message);

    /// <summary>Names the character at the start of <paramref name="text"/> so a person can find it.</summary>
    internal static string Describe(ReadOnlySpan<char> text)
    {
        if (Rune.DecodeFromUtf16(text, out var rune, out _) != OperationStatus.Done)
        {
            return $"the lone surrogate U+{(int)text[0]:X4} (half of a character)";
        }

        if (rune.Value == ' ')
        {
            return "a space";
        }

        if (rune.IsAscii && !Rune.IsControl(rune))
        {
            return $"'{rune}'";
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.SpacingCombiningMark
                => $"the combining mark U+{rune.Value:X4}",
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.SpaceSeparator
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
                => $"the invisible character U+{rune.Value:X4}",
            _ => $"'{rune}' (U+{rune.Value:X4})",
        };
    }
}
