namespace Piazza.Protocol.Tests;

/// <summary>UsernameRules.Suggest: a free variant of a taken name for username_taken.</summary>
public sealed class UsernameSuggestTests
{
    /// <summary>An isTaken that fails the test instead of letting a runaway search hang it.</summary>
    private static Func<string, bool> TakenAmong(params string[] taken)
    {
        var set = new HashSet<string>(taken, UsernameRules.Comparer);
        var calls = 0;
        return name =>
        {
            Assert.True(++calls < 10_000, "Suggest is searching without end.");
            return set.Contains(name);
        };
    }

    [Fact]
    public void The_first_suggestion_is_name_2()
    {
        Assert.Equal("alice_2", UsernameRules.Suggest("alice", TakenAmong("alice")));
    }

    [Fact]
    public void Taken_suggestions_are_skipped()
    {
        Assert.Equal("alice_3", UsernameRules.Suggest("alice", TakenAmong("alice", "alice_2")));
        Assert.Equal("alice_5", UsernameRules.Suggest("alice", TakenAmong("alice", "alice_2", "alice_3", "ALICE_4")));
    }

    [Fact]
    public void Suggestions_keep_the_case_of_the_name()
    {
        Assert.Equal("Alice_2", UsernameRules.Suggest("Alice", TakenAmong("alice")));
    }

    [Fact]
    public void A_32_character_name_is_shortened_to_make_room_for_the_suffix()
    {
        var name = "a" + new string('b', 31);

        var suggestion = UsernameRules.Suggest(name, TakenAmong(name));

        Assert.Equal(name[..30] + "_2", suggestion);
        Assert.True(UsernameRules.Validate(suggestion).IsValid);
    }

    [Fact]
    public void Longer_suffixes_shorten_the_name_further_and_stay_within_32()
    {
        var name = new string('a', 32);
        var taken = Enumerable.Range(2, 8).Select(n => name[..30] + "_" + n).Append(name).ToArray();

        var suggestion = UsernameRules.Suggest(name, TakenAmong(taken));

        Assert.Equal(name[..29] + "_10", suggestion);
        Assert.Equal(32, suggestion.Length);
    }

    [Fact]
    public void Every_suggestion_is_a_valid_free_name()
    {
        foreach (var name in new[] { "a", "bob", "x.y-z", new string('q', 31), "a" + new string('1', 31) })
        {
            var taken = Enumerable.Range(2, 20).Select(n => $"{name}_{n}").Append(name).ToArray();
            var isTaken = TakenAmong(taken);

            var suggestion = UsernameRules.Suggest(name, isTaken);

            Assert.True(UsernameRules.Validate(suggestion).IsValid, suggestion);
            Assert.DoesNotContain(suggestion, taken, UsernameRules.Comparer);
            Assert.True(suggestion.Length <= ProtocolLimits.MaxUsernameLength);
        }
    }

    [Fact]
    public void A_reserved_or_too_long_name_can_still_be_varied()
    {
        Assert.Equal("admin_2", UsernameRules.Suggest("admin", TakenAmong()));
        Assert.Equal(new string('a', 30) + "_2", UsernameRules.Suggest(new string('a', 50), TakenAmong()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1abc")]
    [InlineData("_abc")]
    [InlineData("al ice")]
    [InlineData("élodie")]
    [InlineData("a😀")]
    public void A_name_no_suffix_can_mend_is_refused_at_once(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => UsernameRules.Suggest(name, TakenAmong()));

        Assert.Equal("taken", error.ParamName);
        Assert.Contains("Username", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_arguments_are_refused()
    {
        Assert.Throws<ArgumentNullException>(() => UsernameRules.Suggest(null!, _ => false));
        Assert.Throws<ArgumentNullException>(() => UsernameRules.Suggest("alice", null!));
    }
}
