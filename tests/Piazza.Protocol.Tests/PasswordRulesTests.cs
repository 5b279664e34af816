namespace Piazza.Protocol.Tests;

/// <summary>The password rules: 10 to 1024 characters, counted as Unicode scalars; nothing else asked.</summary>
public sealed class PasswordRulesTests
{
    [Theory]
    [InlineData("correct horse")]
    [InlineData("0123456789")]
    [InlineData("ten chars!")]
    [InlineData("😀😀😀😀😀😀😀😀😀😀")]
    [InlineData("          ")]
    public void Ten_characters_or_more_are_enough(string password)
    {
        Assert.True(PasswordRules.Validate(password).IsValid);
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("", "required")]
    [InlineData("a", "1 character;")]
    [InlineData("nine char", "9 characters")]
    [InlineData("😀😀😀😀😀😀😀😀😀", "9 characters")]
    public void Fewer_than_ten_is_weak_password_saying_how_many_and_the_rule(string? password, string says)
    {
        var verdict = PasswordRules.Validate(password);

        Assert.False(verdict.IsValid);
        Assert.Equal(ErrorCodes.WeakPassword, verdict.Code);
        Assert.Contains(says, verdict.Message, StringComparison.Ordinal);
        Assert.Contains("10", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_than_1024_is_refused_naming_the_limit()
    {
        Assert.True(PasswordRules.Validate(new string('x', 1024)).IsValid);

        var verdict = PasswordRules.Validate(new string('x', 1025));

        Assert.Equal(ErrorCodes.WeakPassword, verdict.Code);
        Assert.Contains("1024", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refusal_never_repeats_the_password()
    {
        Assert.DoesNotContain("hunter2", PasswordRules.Validate("hunter2").Message, StringComparison.Ordinal);
    }
}
