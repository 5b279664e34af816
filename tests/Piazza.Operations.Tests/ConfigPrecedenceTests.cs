using Piazza.Server.Configuration;

namespace Piazza.Operations.Tests;

/// <summary>Where a setting comes from: the command line, then the environment, then the file, then the default.</summary>
public sealed class ConfigPrecedenceTests
{
    private const string File = """
        {
          // the file's values
          "max-rooms": 300,
          "history": 7,
          "admins": ["alice", "bob"],
        }
        """;

    [Fact]
    public void Without_any_source_every_option_has_its_default()
    {
        var options = Configs.Options(Configs.Compose());

        Assert.Equal(10_000, options.MaxRooms);
        Assert.Equal(50, options.History);
        Assert.Empty(options.Admins);
    }

    [Fact]
    public void The_file_overrides_the_default()
    {
        var options = Configs.Options(Configs.Compose(file: File));

        Assert.Equal(300, options.MaxRooms);
        Assert.Equal(7, options.History);
        Assert.Equal(["alice", "bob"], options.Admins);
        Assert.Equal(5000, options.Port);
    }

    [Fact]
    public void The_environment_overrides_the_file()
    {
        var options = Configs.Options(Configs.Compose(file: File, environment: new Dictionary<string, string>
        {
            ["PIAZZA_MAX_ROOMS"] = "200",
            ["PIAZZA_ADMINS"] = "carol",
        }));

        Assert.Equal(200, options.MaxRooms);
        Assert.Equal(["carol"], options.Admins);
        Assert.Equal(7, options.History);
    }

    [Fact]
    public void The_command_line_overrides_the_environment_and_the_file()
    {
        var options = Configs.Options(Configs.Compose(["--max-rooms", "100"], file: File, environment: new Dictionary<string, string>
        {
            ["PIAZZA_MAX_ROOMS"] = "200",
            ["PIAZZA_HISTORY"] = "9",
        }));

        Assert.Equal(100, options.MaxRooms);
        Assert.Equal(9, options.History);
    }

    [Fact]
    public void A_value_given_on_the_command_line_is_not_checked_from_the_lower_sources()
    {
        // The environment's bad value is never used, so it is not an error.
        var options = Configs.Options(Configs.Compose(["--max-rooms", "100"], environment: new Dictionary<string, string> { ["PIAZZA_MAX_ROOMS"] = "lots" }));

        Assert.Equal(100, options.MaxRooms);
    }

    [Fact]
    public void An_empty_variable_counts_as_unset()
    {
        var options = Configs.Options(Configs.Compose(file: File, environment: new Dictionary<string, string> { ["PIAZZA_MAX_ROOMS"] = "" }));

        Assert.Equal(300, options.MaxRooms);
    }

    [Fact]
    public void The_file_can_be_named_by_PIAZZA_CONFIG_and_the_command_line_wins_over_it()
    {
        using var fromEnvironment = new TempFile("""{ "max-rooms": 11 }""");
        using var fromCommandLine = new TempFile("""{ "max-rooms": 22 }""");

        var byVariable = Configs.Options(Configs.Compose(environment: new Dictionary<string, string> { ["PIAZZA_CONFIG"] = fromEnvironment.Path }));
        var byOption = Configs.Options(Configs.Compose(["--config", fromCommandLine.Path],
            environment: new Dictionary<string, string> { ["PIAZZA_CONFIG"] = fromEnvironment.Path }));

        Assert.Equal(11, byVariable.MaxRooms);
        Assert.Equal(22, byOption.MaxRooms);
    }

    [Fact]
    public void Every_option_on_the_command_has_a_file_key_and_a_variable_named_after_it()
    {
        // Options added to the command later are covered with no more code: this is the rule.
        foreach (var option in Configs.Settable())
        {
            var key = ConfigLayers.KeyOf(option);
            Assert.Equal(option.Name, "--" + key);
            Assert.Equal("PIAZZA_" + key.Replace('-', '_').ToUpperInvariant(), ConfigLayers.VariableOf(option));
        }

        Assert.Contains(Configs.Settable(), o => ConfigLayers.VariableOf(o) == "PIAZZA_MAX_ROOMS");
        Assert.Contains(Configs.Settable(), o => ConfigLayers.VariableOf(o) == "PIAZZA_DATA_DIR");
        Assert.DoesNotContain(Configs.Settable(), o => o.Name is "--config" or "--help" or "--version");
    }

    [Fact]
    public void Seconds_strings_and_enumerations_come_through_the_file_as_on_the_command_line()
    {
        var options = Configs.Options(Configs.Compose(file: """
            { "ping-interval": 2.5, "timeout": 9, "sync": "normal", "guests": "deny", "default-room": "#Lobby", "host": "::1" }
            """));

        Assert.Equal(TimeSpan.FromSeconds(2.5), options.PingInterval);
        Assert.Equal(TimeSpan.FromSeconds(9), options.Timeout);
        Assert.Equal(Piazza.Store.SyncMode.Normal, options.Sync);
        Assert.False(options.GuestsAllowed);
        Assert.Equal("#lobby", options.DefaultRoom);
        Assert.Equal("::1", options.Host);
    }
}
