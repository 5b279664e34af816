namespace Piazza.Server.Tests;

/// <summary><c>piazza-server account reset-password NAME</c> and <c>account create NAME</c> on the built server and its data directory.</summary>
public sealed class AccountCliTests : IDisposable
{
    private const int BadUsage = 2;
    private readonly string _dataDir = Directory.CreateTempSubdirectory("piazza-account-cli-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public async Task A_server_operator_creates_an_account_resets_its_password_from_standard_input_and_it_signs_in_with_the_new_one()
    {
        await using var created = await ServerProcess.RunWithInputAsync("first password of root\n", "account", "create", "root", "--data-dir", _dataDir);
        await using var reset = await ServerProcess.RunWithInputAsync("the second password\n", "account", "reset-password", "ROOT", "--data-dir", _dataDir);

        Assert.Equal(0, created.Process.ExitCode);
        Assert.Contains("Registered 'root'", created.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, reset.Process.ExitCode);
        Assert.Contains("password of 'root' is changed", reset.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("second password", reset.Stdout + reset.Stderr, StringComparison.Ordinal);

        var port = Ports.Free();
        await using var server = ServerProcess.Start("--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", _dataDir, "--admins", "root");
        await using var client = await ServerProcess.ConnectWhenListeningAsync(port);
        Assert.Equal(ErrorCodes.AuthFailed, ((ErrorFrame)await client.HelloAsync("root", "first password of root")).Code);
        var welcome = await client.SignInAsync("root", "the second password");
        Assert.True(welcome.Admin);

        // While the server runs: the next sign-in needs the newest password.
        await using var again = await ServerProcess.RunWithInputAsync("a third password\n", "account", "reset-password", "root", "--data-dir", _dataDir);
        Assert.Equal(0, again.Process.ExitCode);
        await using var other = await ServerProcess.ConnectWhenListeningAsync(port);
        Assert.True((await other.SignInAsync("root", "a third password")).Admin);
    }

    [Theory]
    [InlineData("no_such_account", "a long enough password\n", "no account 'no_such_account'")]
    [InlineData("9lives", "a long enough password\n", "start with a letter")]
    [InlineData("alice", "short\n", "at least 10")]
    [InlineData("alice", "", "required")]
    public async Task A_bad_name_an_unknown_account_or_a_weak_password_exits_2_with_one_sentence(string name, string input, string says)
    {
        await using var created = await ServerProcess.RunWithInputAsync("alice's old password\n", "account", "create", "alice", "--data-dir", _dataDir);

        await using var reset = await ServerProcess.RunWithInputAsync(input, "account", "reset-password", name, "--data-dir", _dataDir);

        Assert.Equal(BadUsage, reset.Process.ExitCode);
        var line = Assert.Single(reset.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("piazza-server: ", line, StringComparison.Ordinal);
        Assert.Contains(says, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creating_an_account_twice_exits_2_and_resetting_without_a_database_names_the_directory()
    {
        var empty = Path.Combine(_dataDir, "nothing-here");
        await using var missing = await ServerProcess.RunWithInputAsync("a long enough password\n", "account", "reset-password", "alice", "--data-dir", empty);
        await using var first = await ServerProcess.RunWithInputAsync("a long enough password\n", "account", "create", "alice", "--data-dir", _dataDir);
        await using var second = await ServerProcess.RunWithInputAsync("a long enough password\n", "account", "create", "Alice", "--data-dir", _dataDir);

        Assert.Equal(BadUsage, missing.Process.ExitCode);
        Assert.Contains(empty, missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, first.Process.ExitCode);
        Assert.Equal(BadUsage, second.Process.ExitCode);
        Assert.Contains("already registered", second.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--guests", "maybe")]
    [InlineData("--admins", "9root")]
    [InlineData("--admins", "alice,bad name")]
    [InlineData("--signin-burst", "0")]
    [InlineData("--signin-interval", "-1")]
    [InlineData("--hash-threads", "0")]
    [InlineData("--hash-threads", "65")]
    [InlineData("--hash-queue", "none")]
    [InlineData("--max-sessions-per-account", "0")]
    public async Task A_bad_value_of_an_account_option_exits_2_with_a_sentence_naming_the_option(string option, string value)
    {
        await using var server = await ServerProcess.RunToExitAsync(option, value);

        Assert.Equal(BadUsage, server.Process.ExitCode);
        Assert.Contains(option, server.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Listening", server.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_shows_every_account_option_with_its_default()
    {
        await using var server = await ServerProcess.RunToExitAsync("--help");

        var help = server.Stdout.Split('\n');
        foreach (var (option, value) in new[]
        {
            ("--guests", "allow"), ("--signin-burst", "10"), ("--signin-interval", "30"), ("--hash-queue", "256"),
            ("--max-sessions-per-account", "16"),
        })
        {
            var line = Assert.Single(help, l => l.TrimStart().StartsWith(option + " ", StringComparison.Ordinal));
            Assert.Contains($"[default: {value}]", line, StringComparison.Ordinal);
        }

        Assert.Single(help, l => l.TrimStart().StartsWith("--admins ", StringComparison.Ordinal));
        Assert.Single(help, l => l.TrimStart().StartsWith("--hash-threads ", StringComparison.Ordinal));
        Assert.Contains("account", server.Stdout, StringComparison.Ordinal);
    }
}
