using System.Text;

namespace Piazza.Protocol;

/// <summary>The message text rules of protocol §3.</summary>
public static class MessageTextRules
{
    /// <summary>The field name used in messages.</summary>
    public const string Field = "Message";

    /// <summary>Checks a message text; <paramref name="maxScalars"/> defaults to the contract's 2000.</summary>
    public static ValidationResult Validate(string? text, int maxScalars = ProtocolLimits.MaxTextScalars)
    {
        if (text is null)
        {
            return new(Field, ErrorCodes.EmptyMessage, "Message is empty.");
        }

        var scalars = 0;
        var onlyWhiteSpace = true;
        var span = text.AsSpan();
        while (!span.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(span, out var rune, out var used) != System.Buffers.OperationStatus.Done)
            {
                return new(Field, ErrorCodes.InvalidText, "Message contains a broken character (a lone UTF-16 surrogate).");
            }

            span = span[used..];
            scalars++;
            if (IsForbidden(rune))
            {
                return new(Field, ErrorCodes.InvalidText,
                    $"Message may not contain {Name(rune)} (U+{rune.Value:X4}), found at character {scalars}; only line breaks and tabs are allowed.");
            }

            onlyWhiteSpace &= Rune.IsWhiteSpace(rune);
        }

        if (onlyWhiteSpace)
        {
            return new(Field, ErrorCodes.EmptyMessage, "Message is empty or only white space.");
        }

        if (scalars > maxScalars)
        {
            return new(Field, ErrorCodes.MessageTooLong, $"Message is {scalars} characters long; the limit is {maxScalars}.");
        }

        return ValidationResult.Valid(Field);
    }

    /// <summary>Counts Unicode scalar values (an emoji is one), not UTF-16 units or bytes.</summary>
    public static int CountScalars(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    /// <summary>A forbidden character as a person would know it: bidi controls by name, the rest as control characters.</summary>
    private static string Name(Rune rune) => rune.Value switch
    {
        0x202A => "the invisible LEFT-TO-RIGHT EMBEDDING",
        0x202B => "the invisible RIGHT-TO-LEFT EMBEDDING",
        0x202C => "the invisible POP DIRECTIONAL FORMATTING",
        0x202D => "the invisible LEFT-TO-RIGHT OVERRIDE",
        0x202E => "the invisible RIGHT-TO-LEFT OVERRIDE",
        0x2066 => "the invisible LEFT-TO-RIGHT ISOLATE",
        0x2067 => "the invisible RIGHT-TO-LEFT ISOLATE",
        0x2068 => "the invisible FIRST STRONG ISOLATE",
        0x2069 => "the invisible POP DIRECTIONAL ISOLATE",
        0x1B => "the control character ESC",
        0 => "the control character NUL",
        _ => "the control character",
    };

    /// <summary>C0 except \n and \t, DEL, C1, and the bidi embedding/override/isolate controls.</summary>
    public static bool IsForbidden(Rune rune) => rune.Value switch
    {
        '\n' or '\t' => false,
        < 0x20 => true,
        >= 0x7F and <= 0x9F => true,
        >= 0x202A and <= 0x202E => true,
        >= 0x2066 and <= 0x2069 => true,
        _ => false,
    };
}
