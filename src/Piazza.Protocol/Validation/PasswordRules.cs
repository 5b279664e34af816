namespace Piazza.Protocol;

/// <summary>
/// The password rules of protocol §10, shared by the server and every client: at least 10
/// characters (Unicode scalar values, so an emoji is one), at most 1024. Nothing else is asked of
/// a password: length is what makes one hard to guess, and a passphrase of plain words is welcome.
/// </summary>
public static class PasswordRules
{
    /// <summary>The field name used in messages.</summary>
    public const string Field = "Password";

    /// <summary>The fewest characters a new password may have.</summary>
    public const int MinLength = 10;

    /// <summary>The most characters a password may have (longer ones only cost the server work).</summary>
    public const int MaxLength = 1024;

    /// <summary>The rule in one sentence.</summary>
    public const string Rule = "Passwords are 10 to 1024 characters; a few plain words make a good one.";

    /// <summary>Checks a new password (registration or change) against the rules.</summary>
    public static ValidationResult Validate(string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return new(Field, ErrorCodes.WeakPassword, "A password is required. " + Rule);
        }

        var length = MessageTextRules.CountScalars(password);
        if (length < MinLength)
        {
            return new(Field, ErrorCodes.WeakPassword,
                $"The password has {length} character{(length == 1 ? "" : "s")}; it needs at least {MinLength}. {Rule}");
        }

        if (length > MaxLength)
        {
            return new(Field, ErrorCodes.WeakPassword, $"The password has {length} characters; the limit is {MaxLength}.");
        }

        return ValidationResult.Valid(Field);
    }
}
