using Piazza.Client.Session;

namespace Piazza.Client.Tests.Unit;

public sealed class MentionsTests
{
    [Theory]
    [InlineData("bob, lunch?")]
    [InlineData("lunch, Bob?")]
    [InlineData("@bob look")]
    [InlineData("ask bob.")]
    [InlineData("BOB")]
    [InlineData("(bob)")]
    public void Your_name_as_a_word_is_a_mention(string text) => Assert.True(Mentions.Names(text, "bob"));

    [Theory]
    [InlineData("bobby tables")]
    [InlineData("kebob")]
    [InlineData("bob.smith is here")]
    [InlineData("bob_2 says hi")]
    [InlineData("bob-ross")]
    [InlineData("nothing here")]
    public void Your_name_inside_another_word_or_name_is_not(string text) => Assert.False(Mentions.Names(text, "bob"));

    [Fact]
    public void A_name_with_dots_is_found_whole() => Assert.True(Mentions.Names("thanks, j.doe!", "j.doe"));

    [Fact]
    public void Without_a_name_nothing_is_a_mention() => Assert.False(Mentions.Names("bob", null));
}
