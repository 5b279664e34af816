using Piazza.Client.Hosting;

namespace Piazza.Client.Tests.Unit;

public sealed class CommandLineTests
{
    private static ClientOptions Parse(params string[] args)
    {
        var result = ClientProgram.CreateCommand().Parse(args);
        Assert.Empty(result.Errors);
        return ClientProgram.ToOptions(result);
    }

    private static IReadOnlyList<string> Errors(params string[] args) =>
        [.. ClientProgram.CreateCommand().Parse(args).Errors.Select(e => e.Message)];

    [Fact]
    public void No_arguments_open_a_window_on_a_free_loopback_port()
    {
        var options = Parse();

        Assert.False(options.NoBrowser);
        Assert.Equal(["http://127.0.0.1:0"], options.Urls);
    }

    [Fact]
    public void No_browser_and_urls_are_read()
    {
        var options = Parse("--no-browser", "--urls", "http://127.0.0.1:8080;http://[::1]:8080");

        Assert.True(options.NoBrowser);
        Assert.Equal(["http://127.0.0.1:8080", "http://[::1]:8080"], options.Urls);
    }

    [Theory]
    [InlineData("http://0.0.0.0:8080", "not a loopback address")]
    [InlineData("http://192.168.1.10:8080", "not a loopback address")]
    [InlineData("https://127.0.0.1:8080", "is not an http:// address")]
    [InlineData("127.0.0.1:8080", "is not an http:// address")]
    [InlineData("http://localhost:0", "a free port can only be picked on an address")]
    [InlineData("http://127.0.0.1:8080/chat", "has a path or query")]
    public void Urls_that_would_leave_the_machine_or_cannot_work_are_refused(string url, string why)
    {
        var errors = Errors("--urls", url);

        var error = Assert.Single(errors);
        Assert.Contains(why, error, StringComparison.Ordinal);
        Assert.Contains("--urls", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:0")]
    [InlineData("http://127.0.0.2:9000")]
    [InlineData("http://[::1]:0")]
    [InlineData("http://localhost:9000")]
    public void Loopback_urls_are_accepted(string url) => Assert.Null(UrlRules.Validate(url));

    [Fact]
    public void An_unknown_option_is_an_error() => Assert.NotEmpty(Errors("--browser", "firefox"));

    [Theory]
    [InlineData(new[] { "--browser", "firefox" }, "piazza-client: unknown option '--browser' (did you mean --no-browser?); --help lists the options.")]
    [InlineData(new[] { "--colour" }, "piazza-client: unknown option '--colour'; --help lists the options.")]
    [InlineData(new[] { "stray" }, "piazza-client: unexpected argument 'stray'; the client takes only options, and --help lists them.")]
    [InlineData(new[] { "--urls" }, "piazza-client: --urls needs a value; --help lists the options.")]
    public void A_bad_option_is_one_sentence_naming_it(string[] args, string expected) =>
        Assert.Equal(expected, "piazza-client: " + ClientProgram.Problem(ClientProgram.CreateCommand().Parse(args)));

    [Fact]
    public void Good_options_are_no_problem() =>
        Assert.Null(ClientProgram.Problem(ClientProgram.CreateCommand().Parse(["--no-browser", "--urls", "http://127.0.0.1:0"])));
}
