namespace Piazza.Protocol;

/// <summary>The topic rules: at most 300 characters of text, by the same character rules as a message; empty clears the topic.</summary>
public static class TopicRules
{
    /// <summary>The field name used in messages.</summary>
    public const string Field = "Topic";

    /// <summary>Checks a topic; an empty topic is valid (it clears the topic).</summary>
    public static ValidationResult Validate(string? topic)
    {
        if (string.IsNullOrEmpty(topic))
        {
            return ValidationResult.Valid(Field);
        }

        var verdict = MessageTextRules.Validate(topic, ProtocolLimits.MaxTopicScalars);
        if (verdict.IsValid || verdict.Code == ErrorCodes.EmptyMessage)
        {
            // Only white space: allowed, it reads as no topic.
            return ValidationResult.Valid(Field);
        }

        return new(Field, ErrorCodes.InvalidText, verdict.Message!.Replace("Message", "Topic", StringComparison.Ordinal));
    }
}
