using System.Buffers;

namespace Piazza.Protocol;

/// <summary>
/// The room-name rules of protocol §7 and the direct-conversation addresses of §8, shared by the
/// server and every client.
/// </summary>
public static class RoomNameRules
{
    /// <summary>The field name used in messages.</summary>
    public const string Field = "Room name";

    /// <summary>The rule in one sentence.</summary>
    public const string Rule = "Room names are # and 1-32 characters: letters, digits, - _ . and start with a letter or digit.";

    /// <summary>The room a version 1 client joins, unless the server is told otherwise.</summary>
    public const string DefaultRoom = "#piazza";

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.");

    /// <summary>How room names compare: case-insensitively (<c>#Dev</c> is <c>#dev</c>).</summary>
    public static StringComparer Comparer => StringComparer.OrdinalIgnoreCase;

    /// <summary>True for a direct-conversation address (<c>@bob</c>), false for a room name.</summary>
    public static bool IsDirect(string? address) => address is ['@', ..];

    /// <summary>
    /// The form a valid room name is always sent in: lowercase. Only ASCII letters are lowered, so
    /// a name the rules refuse stays refused: Unicode would lower the Kelvin sign (U+212A) to
    /// <c>k</c> and make <c>#Kelvin</c> written with it pass for <c>#kelvin</c>.
    /// </summary>
    public static string Normalize(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        return room.AsSpan().ContainsAnyInRange('A', 'Z')
            ? string.Create(room.Length, room, static (span, source) =>
            {
                for (var i = 0; i < source.Length; i++)
                {
                    span[i] = char.IsAsciiLetterUpper(source[i]) ? (char)(source[i] | 0x20) : source[i];
                }
            })
            : room;
    }

    /// <summary>Checks a room name (<c>#dev</c>) against every rule.</summary>
    public static ValidationResult Validate(string? room)
    {
        if (string.IsNullOrEmpty(room))
        {
            return Invalid("Room name is required. " + Rule);
        }

        if (room[0] != '#')
        {
            return Invalid($"Room name must start with #, as in #{Sample(room)}.");
        }

        var name = room.AsSpan(1);
        if (name.IsEmpty)
        {
            return Invalid("Room name needs at least one character after the #.");
        }

        if (!char.IsAsciiLetterOrDigit(name[0]))
        {
            return Invalid($"Room name must start with a letter or digit after the #, not {UsernameRules.Describe(name)}.");
        }

        var bad = name.IndexOfAnyExcept(Allowed);
        if (bad >= 0)
        {
            return Invalid($"Room name may contain only letters, digits, - _ and . after the #; {UsernameRules.Describe(name[bad..])} is not allowed.");
        }

        if (name.Length > ProtocolLimits.MaxRoomNameLength)
        {
            return Invalid($"Room name is {name.Length} characters long after the #; the limit is {ProtocolLimits.MaxRoomNameLength}.");
        }

        return ValidationResult.Valid(Field);
    }

    /// <summary>
    /// Checks where a message or request is addressed: a room name (<c>#dev</c>) or a person
    /// (<c>@bob</c>, whose name must follow the username rules).
    /// </summary>
    public static ValidationResult ValidateAddress(string? address)
    {
        if (!IsDirect(address))
        {
            return Validate(address);
        }

        // The address itself is not echoed: it may hold invisible or bidi characters, and the
        // username rule's message names the offending character by code point instead.
        var user = UsernameRules.Validate(address![1..]);
        return user.IsValid
            ? ValidationResult.Valid(Field)
            : Invalid($"Room name must be # and a room name, or @ and a username to write to. {user.Message}");
    }

    private static string Sample(string room)
    {
        var letters = new string(room.Where(char.IsAsciiLetterOrDigit).Take(ProtocolLimits.MaxRoomNameLength).ToArray()).ToLowerInvariant();
        return letters.Length > 0 ? letters : "general";
    }

    private static ValidationResult Invalid(string message) => new(Field, ErrorCodes.InvalidRoom, message);
}
