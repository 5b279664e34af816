using Piazza.Protocol.Tests.Support;

namespace Piazza.Protocol.Tests;

/// <summary>A hello's password (and session token) go on the wire, and nowhere else a frame is shown: logs, exceptions, test output.</summary>
public sealed class SecretFieldTests
{
    private const string Password = "hunter2-correct-horse";
    private const string Session = "tok-5f1d0c3a";

    [Fact]
    public void A_hello_s_text_form_never_holds_the_password()
    {
        var hello = new HelloFrame("alice", 2, "piazza-gui/0.2", 41, Session, SampleFrames.Cursors(("#dev", new(12, "Zp2c"))), Password, true);

        var text = hello.ToString();

        Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter", text, StringComparison.Ordinal);
        Assert.Contains("***", text, StringComparison.Ordinal);
        Assert.Contains("alice", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hello_s_text_form_never_holds_the_session_token()
    {
        Assert.DoesNotContain(Session, new HelloFrame("alice", Session: Session).ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("alice")]
    [InlineData("HelloFrame")]
    public void Not_even_a_short_password_or_one_that_matches_other_text_shows(string password)
    {
        var text = new HelloFrame("bob", Password: password).ToString();

        Assert.Contains("Password = ***", text, StringComparison.Ordinal);
        Assert.DoesNotContain($"Password = {password},", text, StringComparison.Ordinal);
        Assert.DoesNotContain($"Password = {password} ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_password_the_text_form_says_so()
    {
        Assert.Contains("Password = none", new HelloFrame("alice").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_decoded_hello_and_the_read_result_around_it_never_show_the_password()
    {
        var result = Wire.ReadLine($$"""{"type":"hello","user":"alice","protocol":2,"password":"{{Password}}","register":true,"session":"{{Session}}"}""");

        Assert.Equal(Password, ((HelloFrame)result.Frame!).Password);
        Assert.DoesNotContain(Password, result.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Session, result.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, $"{result.Frame}", StringComparison.Ordinal);
    }

    [Fact]
    public void The_password_is_written_on_the_wire_as_given()
    {
        const string Odd = "p\"ä😀\\\n ";

        var line = Wire.Write(new HelloFrame("alice", 2, Password: Odd, Register: false));

        Assert.Contains("\"password\":\"p\\\"ä😀\\\\\\n \"", line, StringComparison.Ordinal);
        Assert.Equal(Odd, ((HelloFrame)Wire.Decode(line)).Password);
    }

    [Fact]
    public void A_password_change_never_shows_either_password_in_its_text_form()
    {
        var change = new PasswordFrame(Password, "new-" + Password);

        var text = change.ToString();

        Assert.DoesNotContain("hunter", text, StringComparison.Ordinal);
        Assert.Contains("Password = ***, NewPassword = ***", text, StringComparison.Ordinal);
        Assert.Contains("Password = none", PasswordFrame.Confirmation.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_decoded_password_change_and_its_read_result_never_show_the_passwords()
    {
        var result = Wire.ReadLine($$"""{"type":"password","password":"{{Password}}","newPassword":"other-{{Password}}"}""");

        Assert.Equal("other-" + Password, ((PasswordFrame)result.Frame!).NewPassword);
        Assert.DoesNotContain("hunter", result.ToString(), StringComparison.Ordinal);
    }
}
