using Microsoft.Extensions.Logging.Abstractions;
using Piazza.Client.Settings;

namespace Piazza.Client.Tests.Unit;

public sealed class SettingsStoreTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "piazza-settings-" + Guid.NewGuid().ToString("N"));

    private SettingsStore Store() => new(_dir, NullLogger<SettingsStore>.Instance);

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void Without_a_file_the_defaults_are_the_local_server()
    {
        var settings = Store().Load();

        Assert.Equal("127.0.0.1", settings.Host);
        Assert.Equal(5000, settings.Port);
        Assert.Equal("", settings.Username);
    }

    [Fact]
    public void Saved_settings_come_back_and_the_file_is_readable_json()
    {
        var saved = new ClientSettings { Host = "chat.example.org", Port = 6000, Username = "alice" };

        Assert.True(Store().Save(saved));

        Assert.Equal(saved, Store().Load());
        var json = File.ReadAllText(Path.Combine(_dir, "settings.json"));
        Assert.Contains("\"host\": \"chat.example.org\"", json, StringComparison.Ordinal);
        Assert.Contains("\"port\": 6000", json, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "settings.json.tmp")));
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("[]")]
    [InlineData("")]
    public void A_damaged_file_means_defaults_not_a_crash(string content)
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "settings.json"), content);

        Assert.Equal(ClientSettings.Default, Store().Load());
    }

    [Fact]
    public void Impossible_values_in_a_hand_edited_file_fall_back_one_by_one()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "settings.json"), """{ "host": null, "port": 70000, "username": "bob" }""");

        var settings = Store().Load();

        Assert.Equal("127.0.0.1", settings.Host);
        Assert.Equal(5000, settings.Port);
        Assert.Equal("bob", settings.Username);
    }

    [Fact]
    public void The_folder_is_PIAZZA_CONFIG_DIR_when_set_else_piazza_in_the_user_config_folder()
    {
        var before = Environment.GetEnvironmentVariable(SettingsStore.ConfigDirVariable);
        try
        {
            Environment.SetEnvironmentVariable(SettingsStore.ConfigDirVariable, _dir);
            Assert.Equal(_dir, SettingsStore.DefaultDirectory());

            Environment.SetEnvironmentVariable(SettingsStore.ConfigDirVariable, null);
            var expected = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify), "piazza");
            Assert.Equal(expected, SettingsStore.DefaultDirectory());
        }
        finally
        {
            Environment.SetEnvironmentVariable(SettingsStore.ConfigDirVariable, before);
        }
    }
}
