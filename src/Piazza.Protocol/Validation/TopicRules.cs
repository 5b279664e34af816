namespace Piazza.Protocol;

/// <summary>
/// The topic rules: one line of at most 300 characters, by the same character rules as a message
/// (so no line break either: a topic is shown on one line everywhere, IRC included); empty clears
/// the topic.
/// </summary>
public static class TopicRules
{
    /// <summary>The field name used in messages.</summary>
    public const string Field = "Topic";

    /// <summary>Checks a topic; an empty or blank topic is valid (it clears the topic).</summary>
    public static ValidationResult Validate(string? topic)
    {
        if (string.IsNullOrEmpty(topic))
        {
            return ValidationResult.Valid(Field);
        }

        var verdict = MessageTextRules.Validate(topic, ProtocolLimits.MaxTopicScalars);
        if (verdict.Code == ErrorCodes.EmptyMessage)
        {
            // Only white space: allowed, it reads as no topic.
            return ValidationResult.Valid(Field);
        }

        var lineBreak = topic.IndexOf('\n', StringComparison.Ordinal);
        if (lineBreak >= 0)
        {
            var at = MessageTextRules.CountScalars(topic[..lineBreak]) + 1;
            return new(Field, ErrorCodes.InvalidText, $"Topic must be one line; it has a line break at character {at}.");
        }

        return verdict.IsValid
            ? ValidationResult.Valid(Field)
            : new(Field, ErrorCodes.InvalidText, verdict.Message!.Replace("Message", "Topic", StringComparison.Ordinal));
    }
}
