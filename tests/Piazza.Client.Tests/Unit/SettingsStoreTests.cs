using Microsoft.Extensions.Logging.Abstractions;
using Piazza.Client.Core;
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

    [Fact]
    public async Task Rooms_cursors_the_room_on_screen_and_what_is_unread_are_kept_per_server_and_username()
    {
        var alice = new ServerAccount("chat.example.org", 5000, "Alice");
        var bob = new ServerAccount("chat.example.org", 5000, "bob");
        var store = Store();
        var cursors = new SettingsCursorStore(store);
        Assert.Null(await cursors.LoadAsync(alice, CancellationToken.None));

        await cursors.SaveAsync(alice, new SavedRooms([new SavedRoom("#piazza", "Zp2c", 57), new SavedRoom("@bob", "Xk9a", 3)]), CancellationToken.None);
        store.SaveCurrent(alice, "@bob");
        store.SaveUnread(alice, new Dictionary<string, UnreadCount> { ["#piazza"] = new(4, 1, true) });
        await cursors.SaveAsync(bob, new SavedRooms([new SavedRoom("#dev")]), CancellationToken.None);
        Assert.True(store.Save(new ClientSettings { Host = "chat.example.org", Port = 5000, Username = "alice", Notifications = false }));

        // Another store on the same file (the next run) finds it all; the name's case does not matter.
        var next = Store();
        var place = next.LoadPlace(new ServerAccount("chat.example.org", 5000, "alice"))!;
        Assert.Equal([new SavedRoom("#piazza", "Zp2c", 57), new SavedRoom("@bob", "Xk9a", 3)], place.Rooms);
        Assert.Equal("@bob", place.Current);
        Assert.Equal(new UnreadCount(4, 1, true), place.Unread["#piazza"]);
        Assert.Equal([new SavedRoom("#dev")], (await new SettingsCursorStore(next).LoadAsync(bob, CancellationToken.None))!.Rooms);
        Assert.Null(next.LoadPlace(new ServerAccount("chat.example.org", 6000, "alice")));
        Assert.False(next.Load().Notifications);
        Assert.Equal("alice", next.Load().Username);
    }

    [Fact]
    public void A_hand_edited_file_with_odd_rooms_keeps_what_makes_sense()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "settings.json"), """
            { "host": "h", "port": 1, "username": "a",
              "accounts": { "h:1/a": { "rooms": [null, { "room": "" }, { "room": "#ok", "lastId": -4 }], "unread": { "#ok": { "messages": 2, "alerts": 9 }, "#no": null } },
                            "h:1/b": null } }
            """);

        var place = Store().LoadPlace(new ServerAccount("h", 1, "a"))!;

        Assert.Equal([new SavedRoom("#ok", null, 0)], place.Rooms);
        Assert.Equal(new UnreadCount(2, 2, false), Assert.Single(place.Unread).Value);
        Assert.Null(Store().LoadPlace(new ServerAccount("h", 1, "b")));
    }

    [Fact]
    public void A_trusted_certificate_is_kept_per_host_and_port_and_the_Use_TLS_choice_too()
    {
        var fingerprint = string.Join(':', Enumerable.Repeat("AB", 32));
        var store = Store();
        Assert.True(store.Save(new ClientSettings { Host = "Chat.Example.org", Port = 6000, Username = "alice", UseTls = true }));
        Assert.True(store.TrustCertificate(new KnownCertificate("Chat.Example.org", 6000, fingerprint.ToLowerInvariant(), DateTimeOffset.UnixEpoch)));

        var again = Store();
        Assert.True(again.Load().UseTls);
        Assert.Equal(fingerprint, again.FindCertificate("chat.example.org", 6000)!.Fingerprint);
        Assert.Null(again.FindCertificate("chat.example.org", 6001));
        Assert.Throws<ArgumentException>(() => again.TrustCertificate(new KnownCertificate("chat.example.org", 6000, "not one", DateTimeOffset.UnixEpoch)));
        Assert.True(again.ForgetCertificate("CHAT.example.org", 6000));
        Assert.Null(Store().FindCertificate("chat.example.org", 6000));
        Assert.True(Store().Load().UseTls);
    }

    [Fact]
    public void The_remembered_certificates_are_listed_by_server_and_a_broken_entry_is_left_out()
    {
        var a = string.Join(':', Enumerable.Repeat("AB", 32));
        var b = string.Join(':', Enumerable.Repeat("CD", 32));
        var store = Store();
        Assert.Empty(store.ListCertificates());
        store.TrustCertificate(new KnownCertificate("chat.example.org", 6000, a, DateTimeOffset.UnixEpoch));
        store.TrustCertificate(new KnownCertificate("::1", 5443, b, DateTimeOffset.UnixEpoch.AddDays(1)));
        // A hand edit that broke an entry: no port, and no fingerprint.
        var file = Path.Combine(_dir, SettingsStore.FileName);
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"certificates\": {", "\"certificates\": { \"nohost\": { \"fingerprint\": \"AB\" }, \"h:1\": {},", StringComparison.Ordinal));

        var listed = Store().ListCertificates();

        Assert.Equal([("::1", 5443, b), ("chat.example.org", 6000, a)], listed.Select(c => (c.Host, c.Port, c.Fingerprint)));
        Assert.Equal(DateTimeOffset.UnixEpoch.AddDays(1), listed[0].TrustedAt);
        Assert.True(Store().ForgetCertificate(listed[0].Host, listed[0].Port));
        Assert.Equal(["chat.example.org:6000"], Store().ListCertificates().Select(c => c.Key));
    }
}
