using Piazza.Protocol.Tests.Support;

namespace Piazza.Protocol.Tests;

/// <summary>
/// Room names: # and 1-32 ASCII letters, digits, - _ . starting with a letter or digit, compared
/// case-insensitively and sent in lowercase; and the addresses of direct conversations, @ and a username.
/// </summary>
public sealed class RoomNameRulesTests
{
    private const string Field = "Room name";

    private static string Refused(string? room) => ValidationAssert.Refused(RoomNameRules.Validate(room), Field, ErrorCodes.InvalidRoom);

    private static string RefusedAddress(string? address) => ValidationAssert.Refused(RoomNameRules.ValidateAddress(address), Field, ErrorCodes.InvalidRoom);

    [Theory]
    [InlineData("#a")]
    [InlineData("#0")]
    [InlineData("#piazza")]
    [InlineData("#dev")]
    [InlineData("#9lives")]
    [InlineData("#a.b-c_d")]
    [InlineData("#dev.")]
    [InlineData("#dev-")]
    [InlineData("#dev_")]
    [InlineData("#a---")]
    [InlineData("#release-2026.11")]
    [InlineData("#abcdefghijklmnopqrstuvwxyz012345")]
    [InlineData("#Dev")]
    [InlineData("#DEV")]
    public void Valid_names_are_accepted(string room)
    {
        ValidationAssert.Accepted(RoomNameRules.Validate(room), Field);
    }

    [Fact]
    public void The_default_room_is_piazza_and_valid_as_sent()
    {
        Assert.Equal("#piazza", RoomNameRules.DefaultRoom);
        ValidationAssert.Accepted(RoomNameRules.Validate(RoomNameRules.DefaultRoom), Field);
        Assert.Equal(RoomNameRules.DefaultRoom, RoomNameRules.Normalize(RoomNameRules.DefaultRoom));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void A_missing_name_is_refused_with_the_rule(string? room)
    {
        Assert.Contains(RoomNameRules.Rule, Refused(room), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dev", "#dev")]
    [InlineData("Dev", "#dev")]
    [InlineData("@bob", "#bob")]
    [InlineData(" #dev", "#dev")]
    [InlineData("release 2026!", "#release2026")]
    [InlineData("😀", "#general")]
    [InlineData("\u202E", "#general")]
    public void A_name_without_the_hash_is_refused_with_a_corrected_example(string room, string example)
    {
        var message = Refused(room);

        Assert.Contains("must start with #", message, StringComparison.Ordinal);
        Assert.Contains($"as in {example}.", message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_example_is_only_ever_a_valid_name()
    {
        var message = Refused(new string('x', 100) + "\u202E\u0000");

        Assert.Contains("as in #" + new string('x', 32) + ".", message, StringComparison.Ordinal);
        Assert.DoesNotContain("\u202E", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hash_alone_is_refused()
    {
        Assert.Contains("at least one character after the #", Refused("#"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_limit_is_32_characters_after_the_hash()
    {
        ValidationAssert.Accepted(RoomNameRules.Validate("#" + new string('a', 32)), Field);

        var message = Refused("#" + new string('a', 33));

        Assert.Contains("33", message, StringComparison.Ordinal);
        Assert.Contains("32", message, StringComparison.Ordinal);
        Assert.Equal(32, ProtocolLimits.MaxRoomNameLength);
    }

    [Fact]
    public void A_long_name_with_a_bad_character_is_told_about_the_character()
    {
        Assert.Contains("U+1F600", Refused("#a" + string.Concat(Enumerable.Repeat("😀", 20))), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("##x", "'#'")]
    [InlineData("#-dev", "'-'")]
    [InlineData("#_dev", "'_'")]
    [InlineData("#.dev", "'.'")]
    [InlineData("# dev", "a space")]
    [InlineData("#@bob", "'@'")]
    [InlineData("#élan", "'é' (U+00E9)")]
    [InlineData("#\u0430dmin", "'\u0430' (U+0430)")]
    [InlineData("#😀", "'😀' (U+1F600)")]
    [InlineData("#\u200Bdev", "invisible character U+200B")]
    [InlineData("#\u202Edev", "invisible character U+202E")]
    [InlineData("#\u0301dev", "combining mark U+0301")]
    public void A_name_must_start_with_a_letter_or_digit_after_the_hash_and_the_message_names_the_first_character(string room, string named)
    {
        var message = Refused(room);

        Assert.Contains("start with a letter or digit", message, StringComparison.Ordinal);
        Assert.Contains(named, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("#de v", "a space")]
    [InlineData("#dev!", "'!'")]
    [InlineData("#dev#", "'#'")]
    [InlineData("#dev/ops", "'/'")]
    [InlineData("#dev:1", "':'")]
    [InlineData("#a,b", "','")]
    [InlineData("#dev\t", "U+0009")]
    [InlineData("#dev\n", "U+000A")]
    [InlineData("#dev\u0000", "U+0000")]
    [InlineData("#dev\u007F", "U+007F")]
    [InlineData("#d\u0435v", "'\u0435' (U+0435)")]
    [InlineData("#pi\u0430zza", "'\u0430' (U+0430)")]
    [InlineData("#dｅv", "'ｅ' (U+FF45)")]
    [InlineData("#dev\u0301", "combining mark U+0301")]
    [InlineData("#caf\u00E9", "'\u00E9' (U+00E9)")]
    [InlineData("#\u212Aelvin", "'\u212A' (U+212A)")]
    public void Characters_other_than_letters_digits_and_the_three_marks_are_refused_by_name(string room, string named)
    {
        Assert.Contains(named, Refused(room), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData('\u200B')]
    [InlineData('\u200C')]
    [InlineData('\u200D')]
    [InlineData('\u2060')]
    [InlineData('\uFEFF')]
    [InlineData('\u200E')]
    [InlineData('\u200F')]
    [InlineData('\u202A')]
    [InlineData('\u202E')]
    [InlineData('\u2066')]
    [InlineData('\u00AD')]
    [InlineData('\u00A0')]
    [InlineData('\u3000')]
    public void An_invisible_character_is_refused_named_by_code_point_and_never_echoed(char invisible)
    {
        var message = Refused($"#de{invisible}v");

        Assert.Contains($"invisible character U+{(int)invisible:X4}", message, StringComparison.Ordinal);
        Assert.DoesNotContain(invisible.ToString(), message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_surrogate_is_named()
    {
        Assert.Contains("lone surrogate U+D800", Refused("#a\uD800b"), StringComparison.Ordinal);
        Assert.Contains("lone surrogate U+DC00", Refused("#\uDC00"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("#Dev", "#dev")]
    [InlineData("#DEV", "#dev")]
    [InlineData("#dev", "#dev")]
    [InlineData("#A.B-C_D9", "#a.b-c_d9")]
    [InlineData("#PIAZZA", "#piazza")]
    public void Normalize_sends_a_valid_name_in_lowercase(string room, string sent)
    {
        Assert.Equal(sent, RoomNameRules.Normalize(room));
        ValidationAssert.Accepted(RoomNameRules.Validate(RoomNameRules.Normalize(room)), Field);
    }

    [Theory]
    [InlineData("#\u212Aelvin")]
    [InlineData("#\u0130stanbul")]
    [InlineData("#\u212B")]
    [InlineData("#DEV\u0130")]
    [InlineData("#ǅ")]
    public void Normalize_never_turns_a_look_alike_into_a_valid_name(string room)
    {
        // The Kelvin sign lowercases to k in Unicode; a name refused as written stays refused once normalised.
        Refused(room);
        Refused(RoomNameRules.Normalize(room));
    }

    [Fact]
    public void Normalize_refuses_null()
    {
        Assert.Throws<ArgumentNullException>(() => RoomNameRules.Normalize(null!));
    }

    [Fact]
    public void Names_compare_case_insensitively()
    {
        Assert.True(RoomNameRules.Comparer.Equals("#Dev", "#dev"));
        Assert.Equal(RoomNameRules.Comparer.GetHashCode("#DEV"), RoomNameRules.Comparer.GetHashCode("#dev"));
        Assert.False(RoomNameRules.Comparer.Equals("#dev", "#dev."));
        Assert.False(RoomNameRules.Comparer.Equals("#kelvin", "#\u212Aelvin"));
        Assert.False(RoomNameRules.Comparer.Equals("#dev", "#d\u0435v"));
    }

    [Theory]
    [InlineData("@bob", true)]
    [InlineData("@", true)]
    [InlineData("#dev", false)]
    [InlineData("bob@example.org", false)]
    [InlineData(" @bob", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void An_address_is_direct_when_it_starts_with_an_at_sign(string? address, bool direct)
    {
        Assert.Equal(direct, RoomNameRules.IsDirect(address));
    }

    [Theory]
    [InlineData("#dev")]
    [InlineData("#Dev")]
    [InlineData("@bob")]
    [InlineData("@Bob")]
    [InlineData("@a")]
    [InlineData("@alice.b-c_2")]
    [InlineData("@abcdefghijklmnopqrstuvwxyzABCDEF")]
    public void Valid_addresses_are_accepted(string address)
    {
        ValidationAssert.Accepted(RoomNameRules.ValidateAddress(address), Field);
    }

    [Theory]
    [InlineData(null, "Room name is required")]
    [InlineData("", "Room name is required")]
    [InlineData("dev", "must start with #")]
    [InlineData("#", "at least one character after the #")]
    [InlineData("##x", "'#'")]
    public void An_address_that_is_not_direct_follows_the_room_name_rules(string? address, string expected)
    {
        Assert.Contains(expected, RefusedAddress(address), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("@", "Username is required")]
    [InlineData("@1bob", "'1'")]
    [InlineData("@_bob", "'_'")]
    [InlineData("@@bob", "'@'")]
    [InlineData("@#dev", "'#'")]
    [InlineData("@bob!", "'!'")]
    [InlineData("@bob smith", "a space")]
    [InlineData("@b\u043Eb", "'\u043E' (U+043E)")]
    [InlineData("@\u0430lice", "'\u0430' (U+0430)")]
    [InlineData("@abcdefghijklmnopqrstuvwxyzABCDEFG", "33 characters")]
    [InlineData("@admin", "reserved")]
    [InlineData("@Everyone", "reserved")]
    public void A_direct_address_needs_a_valid_username_and_the_message_says_what_is_wrong_with_it(string address, string expected)
    {
        var message = RefusedAddress(address);

        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.Contains("@", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData('\u202E')]
    [InlineData('\u2066')]
    [InlineData('\u200B')]
    [InlineData('\u0000')]
    [InlineData('\u001B')]
    [InlineData('\u0085')]
    public void A_hostile_character_in_a_direct_address_is_named_and_never_echoed(char hostile)
    {
        var message = RefusedAddress($"@ali{hostile}ce");

        Assert.Contains($"U+{(int)hostile:X4}", message, StringComparison.Ordinal);
        Assert.DoesNotContain(hostile.ToString(), message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_visible_character_in_a_direct_address_is_shown_with_its_code_point()
    {
        Assert.Contains("'\uFFFD' (U+FFFD)", RefusedAddress("@a\uFFFD"), StringComparison.Ordinal);
        Assert.Contains("'ü' (U+00FC)", RefusedAddress("@bü"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_direct_address_is_never_cut_inside_a_character()
    {
        var message = RefusedAddress("@" + new string('a', 37) + string.Concat(Enumerable.Repeat("😀", 5)));

        Assert.Contains("U+1F600", message, StringComparison.Ordinal);
        Assert.True(WellFormed(message), "The message holds half a character.");
    }

    /// <summary>True when every surrogate in <paramref name="text"/> is half of a pair.</summary>
    private static bool WellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
