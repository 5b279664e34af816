namespace Piazza.Protocol;

/// <summary>
/// The verdict of a validation rule. When invalid it names the field, carries the protocol error
/// code the server would use, and a sentence a person can read.
/// </summary>
/// <param name="Field">The field checked, as a person calls it (<c>Username</c>, <c>Port</c>...).</param>
/// <param name="Code">An <see cref="ErrorCodes"/> value, or null for checks with no wire error (host, port).</param>
/// <param name="Message">What is wrong and what the rule is; null when valid.</param>
public readonly record struct ValidationResult(string Field, string? Code, string? Message)
{
    /// <summary>True when the value passed.</summary>
    public bool IsValid => Message is null;

    internal static ValidationResult Valid(string field) => new(field, null, null);
}
