using System.Text;
using Piazza.Protocol.Tests.Support;

namespace Piazza.Protocol.Tests;

/// <summary>Message texts: 1-2000 Unicode scalars, not only white space, no control or bidi characters but \n and \t.</summary>
public sealed class MessageTextRulesTests
{
    private static string Refused(string? text, string code) => ValidationAssert.Refused(MessageTextRules.Validate(text), "Message", code);

    private static string Repeat(string s, int count) => string.Concat(Enumerable.Repeat(s, count));

    [Theory]
    [InlineData("hello")]
    [InlineData("ciao a tutti")]
    [InlineData(" leading and trailing spaces ")]
    [InlineData("line 1\nline 2")]
    [InlineData("col1\tcol2")]
    [InlineData("\ttabbed")]
    [InlineData("😀")]
    [InlineData("👩‍👩‍👧‍👦 🇮🇹")]
    [InlineData("\u200E\u200F\u061C")]
    [InlineData("a\u2028b\u2029c")]
    [InlineData("\u200B")]
    [InlineData("\uFEFF")]
    [InlineData("\uE000\U000F0000")]
    public void Ordinary_texts_are_accepted(string text)
    {
        ValidationAssert.Accepted(MessageTextRules.Validate(text), "Message");
    }

    [Theory]
    [InlineData("a", 2000)]
    [InlineData("😀", 2000)]
    [InlineData("é", 2000)]
    [InlineData("中", 2000)]
    [InlineData("\U0010FFFD", 2000)]
    [InlineData("😀", 1500)]
    public void Up_to_2000_scalars_are_accepted_whatever_their_size_in_utf16_or_utf8(string unit, int count)
    {
        ValidationAssert.Accepted(MessageTextRules.Validate(Repeat(unit, count)), "Message");
    }

    [Theory]
    [InlineData("a")]
    [InlineData("😀")]
    [InlineData("é")]
    public void Scalar_2001_is_message_too_long(string unit)
    {
        var message = Refused(Repeat(unit, 2001), ErrorCodes.MessageTooLong);

        Assert.Contains("2001", message, StringComparison.Ordinal);
        Assert.Contains("2000", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_combining_sequence_counts_each_scalar()
    {
        ValidationAssert.Accepted(MessageTextRules.Validate(Repeat("e\u0301", 1000)), "Message");
        Refused(Repeat("e\u0301", 1000) + "e", ErrorCodes.MessageTooLong);
    }

    [Fact]
    public void The_limit_can_be_given()
    {
        ValidationAssert.Accepted(MessageTextRules.Validate("😀😀", maxScalars: 2), "Message");
        ValidationAssert.Refused(MessageTextRules.Validate("😀😀😀", maxScalars: 2), "Message", ErrorCodes.MessageTooLong);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\n")]
    [InlineData("\t")]
    [InlineData(" \n\t \n")]
    [InlineData("\u00A0")]
    [InlineData("\u2003\u3000")]
    [InlineData("\u2028\u2029")]
    public void Empty_or_white_space_only_is_empty_message(string? text)
    {
        Refused(text, ErrorCodes.EmptyMessage);
    }

    [Fact]
    public void A_long_white_space_text_is_empty_rather_than_too_long()
    {
        Refused(new string(' ', 5000), ErrorCodes.EmptyMessage);
    }

    public static TheoryData<int> Forbidden
    {
        get
        {
            var data = new TheoryData<int>();
            foreach (var c in Enumerable.Range(0x00, 0x20).Where(c => c is not '\n' and not '\t'))
            {
                data.Add(c);
            }

            foreach (var c in Enumerable.Range(0x7F, 0x9F - 0x7F + 1).Concat(Enumerable.Range(0x202A, 5)).Concat(Enumerable.Range(0x2066, 4)))
            {
                data.Add(c);
            }

            return data;
        }
    }

    [Fact]
    public void The_forbidden_set_is_30_c0_del_32_c1_and_9_bidi_controls()
    {
        Assert.Equal(30 + 1 + 32 + 9, Forbidden.Count);
    }

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void A_control_or_bidi_character_is_invalid_text_naming_it(int value)
    {
        var c = (char)value;

        var message = Refused($"hello {c} world", ErrorCodes.InvalidText);

        Assert.Contains($"U+{value:X4}", message, StringComparison.Ordinal);
        Assert.True(MessageTextRules.IsForbidden(new Rune(value)));
    }

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void A_forbidden_character_alone_or_at_either_end_is_invalid_text(int value)
    {
        var c = ((char)value).ToString();

        Refused(c, ErrorCodes.InvalidText);
        Refused(c + "a", ErrorCodes.InvalidText);
        Refused("a" + c, ErrorCodes.InvalidText);
    }

    [Fact]
    public void An_invalid_text_message_names_the_character_and_where_it_is()
    {
        var message = Refused("abcd\u202Eefg", ErrorCodes.InvalidText);

        Assert.Equal(
            "Message may not contain the invisible RIGHT-TO-LEFT OVERRIDE (U+202E), found at character 5; only line breaks and tabs are allowed.",
            message);
    }

    [Theory]
    [InlineData("\u202Ex", 1)]
    [InlineData("abcd\u202E", 5)]
    [InlineData("😀😀😀😀\u202E", 5)]
    [InlineData("e\u0301e\u0301\u202E", 5)]
    [InlineData("line 1\nline 2\u0007", 14)]
    [InlineData("\U0010FFFD\u0000\u202E", 2)]
    public void The_position_counts_scalars_from_one_up_to_the_first_forbidden_character(string text, int position)
    {
        Assert.Contains($"found at character {position};", Refused(text, ErrorCodes.InvalidText), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x202A, "LEFT-TO-RIGHT EMBEDDING")]
    [InlineData(0x202B, "RIGHT-TO-LEFT EMBEDDING")]
    [InlineData(0x202C, "POP DIRECTIONAL FORMATTING")]
    [InlineData(0x202D, "LEFT-TO-RIGHT OVERRIDE")]
    [InlineData(0x202E, "RIGHT-TO-LEFT OVERRIDE")]
    [InlineData(0x2066, "LEFT-TO-RIGHT ISOLATE")]
    [InlineData(0x2067, "RIGHT-TO-LEFT ISOLATE")]
    [InlineData(0x2068, "FIRST STRONG ISOLATE")]
    [InlineData(0x2069, "POP DIRECTIONAL ISOLATE")]
    [InlineData(0x1B, "control character ESC")]
    [InlineData(0x00, "control character NUL")]
    [InlineData(0x07, "control character (U+0007)")]
    [InlineData(0x9B, "control character (U+009B)")]
    public void Each_forbidden_character_is_named_so_a_person_can_find_it(int value, string name)
    {
        var message = Refused("ab" + (char)value, ErrorCodes.InvalidText);

        Assert.Contains(name, message, StringComparison.Ordinal);
        Assert.Contains($"(U+{value:X4}), found at character 3;", message, StringComparison.Ordinal);
        Assert.DoesNotContain(((char)value).ToString(), message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x0A)]
    [InlineData(0x09)]
    [InlineData(0x20)]
    [InlineData(0x7E)]
    [InlineData(0xA0)]
    [InlineData(0x2029)]
    [InlineData(0x2065)]
    [InlineData(0x206A)]
    [InlineData(0x202F)]
    [InlineData(0x1F600)]
    public void Neighbours_of_the_forbidden_ranges_are_allowed(int value)
    {
        Assert.False(MessageTextRules.IsForbidden(new Rune(value)));
    }

    [Fact]
    public void A_lone_surrogate_is_invalid_text()
    {
        // Built here rather than in attributes: test data is serialized, and a lone surrogate would not survive.
        foreach (var text in new[] { "a\uD800b", "\uDC00", "abc\uD83D", "\uDE00\uD83D" })
        {
            Assert.True(char.IsSurrogate(text, text.IndexOfAny(['\uD800', '\uD83D', '\uDC00', '\uDE00'])));
            Assert.Contains("surrogate", Refused(text, ErrorCodes.InvalidText), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Scalars_are_counted_not_utf16_units_or_bytes()
    {
        Assert.Equal(0, MessageTextRules.CountScalars(""));
        Assert.Equal(1, MessageTextRules.CountScalars("😀"));
        Assert.Equal(2, MessageTextRules.CountScalars("e\u0301"));
        Assert.Equal(7, MessageTextRules.CountScalars("👩‍👩‍👧‍👦"));
        Assert.Equal(3, MessageTextRules.CountScalars("a€😀"));
        Assert.Throws<ArgumentNullException>(() => MessageTextRules.CountScalars(null!));
    }
}
