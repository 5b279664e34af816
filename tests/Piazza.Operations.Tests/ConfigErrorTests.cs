namespace Piazza.Operations.Tests;

/// <summary>Every way a configuration is refused: one sentence naming the key, the file and the line (or the variable).</summary>
public sealed class ConfigErrorTests
{
    [Fact]
    public void An_unknown_key_is_named_with_its_line_and_a_near_miss_is_suggested()
    {
        using var file = new TempFile("{\n  \"port\": 5000,\n  \"max-room\": 5\n}\n");
        var error = Configs.Error(Configs.Compose(["--config", file.Path]));

        Assert.Equal($"{file.Path}, line 3: unknown key \"max-room\" (did you mean \"max-rooms\"?).", error);
    }

    [Fact]
    public void A_key_in_another_spelling_is_pointed_to_the_right_one()
    {
        var error = Configs.Error(Configs.Compose(file: "{ \"maxRooms\": 5 }"));

        Assert.EndsWith("line 1: unknown key \"maxRooms\" (did you mean \"max-rooms\"?).", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_nothing_like_any_option_points_to_the_list()
    {
        var error = Configs.Error(Configs.Compose(file: "{ \"colour\": \"blue\" }"));

        Assert.Contains("unknown key \"colour\" (every key is listed in docs/piazza.example.jsonc", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_config_key_itself_is_not_settable_from_a_file()
    {
        var error = Configs.Error(Configs.Compose(file: "{ \"config\": \"/etc/other.jsonc\" }"));

        Assert.Contains("unknown key \"config\"", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("max-rooms", "-3", "--max-rooms must be a whole number of at least 1 ('-3' is not).")]
    [InlineData("port", "70000", "--port must be a whole number from 1 to 65535 ('70000' is not).")]
    [InlineData("rate-per-second", "0", "--rate-per-second must be a number greater than 0 ('0' is not).")]
    [InlineData("sync", "\"sometimes\"", "--sync must be full or normal ('sometimes' is not).")]
    [InlineData("log-format", "\"xml\"", "--log-format must be text or json ('xml' is not).")]
    [InlineData("metrics-port", "-1", "--metrics-port must be a whole number from 0 to 65535 ('-1' is not).")]
    [InlineData("port", "true", "--port must be a whole number from 1 to 65535 ('true' is not).")]
    public void A_bad_value_is_named_with_its_key_its_line_and_the_options_rule(string key, string json, string rule)
    {
        using var file = new TempFile($"{{\n  // comment\n  \"history\": 5,\n  \"{key}\": {json}\n}}");
        var error = Configs.Error(Configs.Compose(["--config", file.Path]));

        Assert.Equal($"{file.Path}, line 4, key \"{key}\": {rule}", error);
    }

    [Fact]
    public void A_list_for_an_option_of_one_value_is_refused()
    {
        var error = Configs.Error(Configs.Compose(file: "{\n\"port\": [5000, 5001]\n}"));

        Assert.EndsWith("line 2, key \"port\": takes one value, not a list.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_name_in_a_list_is_named()
    {
        var error = Configs.Error(Configs.Compose(file: "{ \"admins\": [\"alice\", \"no spaces\"] }"));

        Assert.Contains("key \"admins\": --admins: 'no spaces' is not a username.", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\n\"port\": null\n}", "line 2: key \"port\" is null; remove the key to keep the default.")]
    [InlineData("{\n\"admins\": []\n}", "line 2: key \"admins\" is an empty list; remove the key to keep the default.")]
    [InlineData("{\n\"port\": { \"value\": 1 }\n}", "line 2: key \"port\" must be a string, a number, true/false or a list of them, not an object.")]
    [InlineData("{\n\"port\": 5000,\n\"port\": 5001\n}", "line 3: key \"port\" is set twice (first on line 2); keep one.")]
    [InlineData("[\n1, 2\n]", "line 1: the file must hold one JSON object of settings ({ \"port\": 5000, ... }).")]
    public void A_file_of_the_wrong_shape_is_refused_with_its_line(string text, string sentence)
    {
        using var file = new TempFile(text);
        var error = Configs.Error(Configs.Compose(["--config", file.Path]));

        Assert.Equal($"{file.Path}, {sentence}", error);
    }

    [Theory]
    [InlineData("{\n  \"port\": 5000,\n  \"history\": fifty\n}", 3)]
    [InlineData("{ \"port\": 5000 }\n{ }", 2)]
    [InlineData("{\n  \"port\": 5000\n", 3)]
    public void Text_that_is_not_json_is_refused_with_its_line(string text, int line)
    {
        using var file = new TempFile(text);
        var error = Configs.Error(Configs.Compose(["--config", file.Path]));

        Assert.StartsWith($"{file.Path}, line {line}: not valid JSON (", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var error = Configs.Error(Configs.Compose(["--config", "/nonexistent/piazza.jsonc"]));

        Assert.StartsWith("--config: cannot read the configuration file /nonexistent/piazza.jsonc (", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_variable_is_named_with_the_options_rule()
    {
        var error = Configs.Error(Configs.Compose(environment: new Dictionary<string, string> { ["PIAZZA_GUESTS"] = "maybe" }));

        Assert.Equal("PIAZZA_GUESTS in the environment: --guests must be allow or deny ('maybe' is not).", error);
    }

    [Fact]
    public void Every_bad_setting_is_reported_not_only_the_first()
    {
        var composed = Configs.Compose(file: "{ \"port\": 0, \"history\": -1, \"nope\": 1 }");

        Assert.Equal(3, composed.Errors.Count);
    }

    [Fact]
    public void Variables_that_name_no_option_are_left_alone()
    {
        // PIAZZA_ is the client's prefix too: only the server's option names are read.
        var options = Configs.Options(Configs.Compose(environment: new Dictionary<string, string> { ["PIAZZA_SOMETHING_ELSE"] = "x" }));

        Assert.Equal(5000, options.Port);
    }
}
