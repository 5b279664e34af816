using Piazza.Protocol.Tests.Support;

namespace Piazza.Protocol.Tests;

/// <summary>Usernames: 1-32 ASCII letters, digits, _ - . starting with a letter; some names reserved.</summary>
public sealed class UsernameRulesTests
{
    private static string Refused(string? name) => ValidationAssert.Refused(UsernameRules.Validate(name), "Username", ErrorCodes.InvalidUsername);

    [Theory]
    [InlineData("a")]
    [InlineData("Z")]
    [InlineData("alice")]
    [InlineData("Alice_2")]
    [InlineData("a.b-c_d")]
    [InlineData("z9")]
    [InlineData("a---")]
    [InlineData("a...")]
    [InlineData("abcdefghijklmnopqrstuvwxyzABCDEF")]
    [InlineData("admin2")]
    [InlineData("administrator")]
    [InlineData("here_")]
    [InlineData("servers")]
    public void Valid_names_are_accepted(string name)
    {
        ValidationAssert.Accepted(UsernameRules.Validate(name), "Username");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void A_missing_name_is_refused_with_the_rule(string? name)
    {
        Assert.Contains(UsernameRules.Rule, Refused(name), StringComparison.Ordinal);
    }

    [Fact]
    public void The_limit_is_32_characters()
    {
        ValidationAssert.Accepted(UsernameRules.Validate(new string('a', 32)), "Username");

        var message = Refused(new string('a', 33));

        Assert.Contains("33", message, StringComparison.Ordinal);
        Assert.Contains("32", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1abc", "'1'")]
    [InlineData("_abc", "'_'")]
    [InlineData("-abc", "'-'")]
    [InlineData(".abc", "'.'")]
    [InlineData(" abc", "a space")]
    [InlineData("élodie", "U+00E9")]
    [InlineData("аlice", "U+0430")]
    [InlineData("😀abc", "U+1F600")]
    [InlineData("\u200Babc", "U+200B")]
    public void A_name_must_start_with_a_letter_and_the_message_names_the_first_character(string name, string named)
    {
        var message = Refused(name);

        Assert.Contains("start with a letter", message, StringComparison.Ordinal);
        Assert.Contains(named, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("al ice", "a space")]
    [InlineData("al@ice", "'@'")]
    [InlineData("alice!", "'!'")]
    [InlineData("a/b", "'/'")]
    [InlineData("a'b", "'''")]
    [InlineData("a\tb", "U+0009")]
    [InlineData("a\u0000b", "U+0000")]
    [InlineData("a\u007Fb", "U+007F")]
    public void Characters_other_than_letters_digits_and_the_three_marks_are_refused_by_name(string name, string named)
    {
        Assert.Contains(named, Refused(name), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData('\u200B')]
    [InlineData('\u200C')]
    [InlineData('\u200D')]
    [InlineData('\u2060')]
    [InlineData('\uFEFF')]
    [InlineData('\u200E')]
    [InlineData('\u200F')]
    [InlineData('\u202E')]
    [InlineData('\u2066')]
    [InlineData('\u00AD')]
    [InlineData('\u00A0')]
    [InlineData('\u3000')]
    public void An_invisible_character_is_refused_and_named_by_code_point(char invisible)
    {
        var message = Refused($"ali{invisible}ce");

        Assert.Contains($"invisible character U+{(int)invisible:X4}", message, StringComparison.Ordinal);
        Assert.DoesNotContain(invisible.ToString(), message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("aé", "'é' (U+00E9)")]
    [InlineData("aß", "'ß' (U+00DF)")]
    [InlineData("aИ", "'И' (U+0418)")]
    [InlineData("a中", "'中' (U+4E2D)")]
    [InlineData("ａlice", "'ａ' (U+FF41)")]
    [InlineData("aｂ", "'ｂ' (U+FF42)")]
    [InlineData("a١", "'١' (U+0661)")]
    public void A_non_ascii_letter_or_digit_is_refused_and_named(string name, string named)
    {
        Assert.Contains(named, Refused(name), StringComparison.Ordinal);
    }

    [Fact]
    public void An_emoji_is_named_whole_not_by_half()
    {
        var message = Refused("a😀");

        Assert.Contains("'😀' (U+1F600)", message, StringComparison.Ordinal);
        Assert.DoesNotContain("U+D83D", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_combining_mark_is_named_as_such()
    {
        Assert.Contains("combining mark U+0301", Refused("ae\u0301"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_surrogate_is_named()
    {
        Assert.Contains("lone surrogate U+D800", Refused("a\uD800b"), StringComparison.Ordinal);
        Assert.Contains("lone surrogate U+DC00", Refused("a\uDC00"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_name_with_a_bad_character_is_told_about_the_character()
    {
        var message = Refused("a" + string.Concat(Enumerable.Repeat("😀", 20)));

        Assert.Contains("U+1F600", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("server")]
    [InlineData("system")]
    [InlineData("admin")]
    [InlineData("everyone")]
    [InlineData("here")]
    [InlineData("SERVER")]
    [InlineData("System")]
    [InlineData("aDmIn")]
    [InlineData("EveryOne")]
    [InlineData("HERE")]
    public void Reserved_names_are_refused_in_any_case(string name)
    {
        var message = Refused(name);

        Assert.Contains("reserved", message, StringComparison.Ordinal);
        Assert.Contains($"'{name}'", message, StringComparison.Ordinal);
        Assert.StartsWith("Username", message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_reserved_list_is_the_contract_s()
    {
        Assert.Equal(["admin", "everyone", "here", "server", "system"], UsernameRules.Reserved.Order(StringComparer.Ordinal));
        Assert.Contains("ADMIN", (IReadOnlySet<string>)UsernameRules.Reserved);
    }

    [Fact]
    public void Names_compare_case_insensitively()
    {
        Assert.True(UsernameRules.Comparer.Equals("Alice", "alice"));
        Assert.Equal(UsernameRules.Comparer.GetHashCode("Alice"), UsernameRules.Comparer.GetHashCode("ALICE"));
        Assert.False(UsernameRules.Comparer.Equals("alice", "alice_"));
    }
}
