using System.Text;
using Piazza.Protocol.Tests.Support;

namespace Piazza.Protocol.Tests;

/// <summary>Topics: at most 300 Unicode scalars by the character rules of a message; empty (or only white space) clears the topic.</summary>
public sealed class TopicRulesTests
{
    private const string Field = "Topic";

    private static string Refused(string topic)
    {
        var message = ValidationAssert.Refused(TopicRules.Validate(topic), Field, ErrorCodes.InvalidText);
        Assert.DoesNotContain("Message", message, StringComparison.Ordinal);
        return message;
    }

    private static string Repeat(string s, int count) => string.Concat(Enumerable.Repeat(s, count));

    [Theory]
    [InlineData("build talk")]
    [InlineData("release friday 😀")]
    [InlineData("👩‍👩‍👧‍👦 🇮🇹 é € 中文")]
    [InlineData("tabs\tare fine")]
    [InlineData("  padded  ")]
    [InlineData("\u200E\u200F\u061C")]
    public void Ordinary_topics_are_accepted(string topic)
    {
        ValidationAssert.Accepted(TopicRules.Validate(topic), Field);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t \u00A0\u3000")]
    public void An_empty_or_blank_topic_is_valid_and_clears_the_topic(string? topic)
    {
        ValidationAssert.Accepted(TopicRules.Validate(topic), Field);
    }

    [Theory]
    [InlineData("two\nlines", 4)]
    [InlineData("😀 \nafter an emoji", 3)]
    public void A_line_break_is_refused_naming_where_it_is(string topic, int at)
    {
        var message = Refused(topic);

        Assert.Equal($"Topic must be one line; it has a line break at character {at}.", message);
    }

    [Fact]
    public void A_long_blank_topic_is_still_blank_not_too_long()
    {
        ValidationAssert.Accepted(TopicRules.Validate(new string(' ', 1_000)), Field);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("😀")]
    [InlineData("é")]
    [InlineData("\U0010FFFD")]
    public void Up_to_300_scalars_are_accepted_whatever_their_size(string unit)
    {
        Assert.Equal(300, ProtocolLimits.MaxTopicScalars);
        ValidationAssert.Accepted(TopicRules.Validate(Repeat(unit, 300)), Field);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("😀")]
    public void Scalar_301_is_refused_naming_the_length_and_the_limit(string unit)
    {
        var message = Refused(Repeat(unit, 301));

        Assert.Contains("301", message, StringComparison.Ordinal);
        Assert.Contains("300", message, StringComparison.Ordinal);
        Assert.StartsWith("Topic", message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(MessageTextRulesTests.Forbidden), MemberType = typeof(MessageTextRulesTests))]
    public void A_control_or_bidi_character_is_refused_naming_it_and_where_it_is(int value)
    {
        var message = Refused($"topic {(char)value} here");

        Assert.Contains($"U+{value:X4}", message, StringComparison.Ordinal);
        Assert.Contains("at character 7", message, StringComparison.Ordinal);
        Assert.StartsWith("Topic may not contain", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_right_to_left_override_is_named_as_such()
    {
        var message = Refused("abcd\u202Eefg");

        Assert.Contains("RIGHT-TO-LEFT OVERRIDE (U+202E)", message, StringComparison.Ordinal);
        Assert.Contains("at character 5", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_forbidden_character_is_refused_even_in_an_otherwise_blank_topic()
    {
        Refused(" \u0007 ");
        Refused("\u2066");
    }

    [Fact]
    public void A_lone_surrogate_is_refused()
    {
        foreach (var topic in new[] { "a\uD800b", "\uDC00", "topic\uD83D" })
        {
            Assert.Contains("surrogate", Refused(topic), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_topic_rules_allow_exactly_what_the_message_rules_allow_up_to_their_own_limit()
    {
        // Except the line break, which a message may hold and a one-line topic may not.
        foreach (var scalar in new[] { 0x09, 0x0D, 0x1B, 0x20, 0x7F, 0x85, 0xA0, 0x2028, 0x202A, 0x202F, 0x2069, 0x206A, 0x1F600 })
        {
            var text = "x" + new Rune(scalar) + "y";
            Assert.Equal(MessageTextRules.Validate(text).IsValid, TopicRules.Validate(text).IsValid);
        }
    }
}
