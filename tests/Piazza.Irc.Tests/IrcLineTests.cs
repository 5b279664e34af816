using System.Text;
using Piazza.Server.Doors.Irc;

namespace Piazza.Irc.Tests;

/// <summary>The IRC line parser and writer, byte by byte, with no I/O.</summary>
public sealed class IrcLineTests
{
    private static IrcMessage ParseOk(string line)
    {
        Assert.Equal(IrcLineStatus.Message, IrcLine.Parse(Encoding.UTF8.GetBytes(line), out var message));
        return message!;
    }

    [Fact]
    public void A_plain_command_with_a_trailing_parameter_parses_into_command_and_parameters()
    {
        var message = ParseOk("privmsg #dev :hello there\r");

        Assert.Equal(("PRIVMSG", null, 0), (message.Command, message.Source, message.Tags.Count));
        Assert.Equal(["#dev", "hello there"], message.Params);
    }

    [Fact]
    public void Tags_and_source_are_read_and_tag_values_unescaped()
    {
        var message = ParseOk(@"@label=a\sb\:c\\d\r\n;+typing=active;flag :nick!u@h TOPIC #c :");

        Assert.Equal("a b;c\\d\r\n", message.Tag("label"));
        Assert.Equal("active", message.Tag("+typing"));
        Assert.Equal("", message.Tag("flag"));
        Assert.Equal(("nick!u@h", "TOPIC"), (message.Source, message.Command));
        Assert.Equal(["#c", ""], message.Params);
    }

    [Fact]
    public void A_repeated_tag_keeps_its_last_value_and_spaces_between_parameters_collapse()
    {
        var message = ParseOk("@a=1;a=2 JOIN    #one   #two");

        Assert.Equal("2", message.Tag("a"));
        Assert.Single(message.Tags);
        Assert.Equal(["#one", "#two"], message.Params);
    }

    [Fact]
    public void The_fifteenth_parameter_takes_the_rest_of_the_line()
    {
        var message = ParseOk("CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16");

        Assert.Equal(15, message.Params.Count);
        Assert.Equal("15 16", message.Params[^1]);
    }

    [Theory]
    [InlineData("", "Empty")]
    [InlineData("   \r", "Empty")]
    [InlineData("@tag=1", "Malformed")]
    [InlineData(":source", "Malformed")]
    public void Lines_without_a_command_are_empty_or_malformed(string line, string expected) =>
        Assert.Equal(expected, IrcLine.Parse(Encoding.UTF8.GetBytes(line), out _).ToString());

    [Fact]
    public void A_NUL_or_a_CR_inside_the_line_is_malformed()
    {
        Assert.Equal(IrcLineStatus.Malformed, IrcLine.Parse("PRIVMSG #a :x\0y"u8, out _));
        Assert.Equal(IrcLineStatus.Malformed, IrcLine.Parse("PRIVMSG #a :x\ry"u8, out _));
    }

    [Theory]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xFF })]
    public void Bytes_that_are_not_UTF8_are_refused(byte[] bad)
    {
        var line = "PRIVMSG #a :"u8.ToArray().Concat(bad).ToArray();

        Assert.Equal(IrcLineStatus.InvalidUtf8, IrcLine.Parse(line, out _));
    }

    [Fact]
    public void The_body_may_be_512_bytes_with_its_CR_LF_and_not_one_more()
    {
        var fits = "PRIVMSG #a :" + new string('x', 510 - 12);
        var over = fits + "x";

        Assert.Equal(IrcLineStatus.Message, IrcLine.Parse(Encoding.UTF8.GetBytes(fits), out _));
        Assert.Equal(IrcLineStatus.TooLong, IrcLine.Parse(Encoding.UTF8.GetBytes(over), out _));
    }

    [Fact]
    public void Tags_may_be_4096_bytes_with_the_at_sign_and_the_space_and_not_one_more()
    {
        var tags = "@k=" + new string('v', 4096 - 4);
        Assert.Equal(IrcLineStatus.Message, IrcLine.Parse(Encoding.UTF8.GetBytes(tags + " PING x"), out _));
        Assert.Equal(IrcLineStatus.TagsTooLong, IrcLine.Parse(Encoding.UTF8.GetBytes(tags + "v PING x"), out _));
    }

    [Fact]
    public void The_writer_makes_the_trailing_parameter_only_when_it_needs_a_colon()
    {
        Assert.Equal(":s 001 bob :Welcome here\r\n"u8.ToArray(), IrcLine.Write(null, "s", "001", "bob", "Welcome here"));
        Assert.Equal("PONG s token\r\n"u8.ToArray(), IrcLine.Write(null, null, "PONG", "s", "token"));
        Assert.Equal("TOPIC #c :\r\n"u8.ToArray(), IrcLine.Write(null, null, "TOPIC", "#c", ""));
        Assert.Equal("X ::starts:with\r\n"u8.ToArray(), IrcLine.Write(null, null, "X", ":starts:with"));
    }

    [Fact]
    public void The_writer_puts_tags_first_and_escapes_their_values()
    {
        Assert.Equal(@"@label=a\sb\:c :s ACK" + "\r\n", Encoding.UTF8.GetString(IrcLine.Write("label=" + IrcLine.Escape("a b;c"), "s", "ACK")));
    }

    [Fact]
    public void A_line_break_inside_a_parameter_never_ends_the_line_early()
    {
        var bytes = IrcLine.Write(null, "n", "PRIVMSG", "#a", "one\r\nQUIT :two\0");

        Assert.Equal(":n PRIVMSG #a :one  QUIT :two \r\n"u8.ToArray(), bytes);
    }

    [Fact]
    public void A_body_over_512_bytes_is_cut_at_a_character_boundary()
    {
        var bytes = IrcLine.Write(null, "n", "PRIVMSG", "#a", string.Concat(Enumerable.Repeat("é", 400)));

        Assert.True(bytes.Length <= 512);
        Assert.Equal("\r\n"u8.ToArray(), bytes[^2..]);
        Assert.Equal(IrcLineStatus.Message, IrcLine.Parse(bytes.AsSpan(0, bytes.Length - 1), out var parsed));
        Assert.All(parsed!.Params[1], c => Assert.Equal('é', c));
    }

    [Fact]
    public void What_the_writer_makes_the_parser_reads_back()
    {
        var bytes = IrcLine.Write("time=2026-12-03T10:00:00.000Z;msgid=42", "alice!~a@piazza", "PRIVMSG", "#dev", "ciao a tutti");
        var message = ParseOk(Encoding.UTF8.GetString(bytes).TrimEnd('\n'));

        Assert.Equal(("42", "alice!~a@piazza", "PRIVMSG"), (message.Tag("msgid"), message.Source, message.Command));
        Assert.Equal(["#dev", "ciao a tutti"], message.Params);
    }

    [Theory]
    [InlineData("jo.ann", "jo|ann")]
    [InlineData("alice", "alice")]
    public void Names_with_a_dot_appear_with_a_bar_and_come_back(string name, string nick)
    {
        Assert.Equal(nick, IrcNames.ToNick(name));
        Assert.Equal(name, IrcNames.FromNick(nick));
        Assert.Null(IrcNames.Check(nick));
    }

    [Theory]
    [InlineData("1abc")]
    [InlineData("a[b]")]
    [InlineData("server")]
    [InlineData("a b")]
    public void Nicks_that_break_the_name_rules_are_refused_with_the_rule(string nick) =>
        Assert.False(string.IsNullOrEmpty(IrcNames.Check(nick)));

    [Theory]
    [InlineData("\u0001ACTION waves\u0001", "/me waves")]
    [InlineData("\u0002bold\u0002 and \u000304,12colour\u000f", "bold and colour")]
    [InlineData("\u0001VERSION\u0001", null)]
    public void IRC_text_becomes_Piazza_text(string irc, string? piazza) =>
        Assert.Equal(piazza, IrcConnection.ToPiazzaText(irc));

    [Theory]
    [InlineData("coolni*", "coolNick", true)]
    [InlineData("c?oln?ck", "coolnick", true)]
    [InlineData("*an1", "#chan1", true)]
    [InlineData("*an1", "#chan2", false)]
    [InlineData("abc", "abcd", false)]
    public void Masks_match_as_IRC_globs(string mask, string name, bool matches) =>
        Assert.Equal(matches, IrcConnection.Glob(mask, name));
}
