using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Piazza.Server.Tests;

/// <summary>The real server process and its data directory: where the database is, and what stops it at start.</summary>
public sealed class StoreStartupTests
{
    private const int BadUsage = 2;

    [Fact]
    public async Task The_server_logs_where_the_database_is_and_creates_it_there()
    {
        var dir = Directory.CreateTempSubdirectory("piazza-store-").FullName;
        try
        {
            var port = Ports.Free();
            await using var server = ServerProcess.Start("--port", Port(port), "--data-dir", dir);
            await server.WaitUntilListeningAsync();

            var database = Path.Combine(dir, "piazza.db");
            Assert.Contains($"History is kept in {database}", server.Stdout, StringComparison.Ordinal);
            Assert.True(File.Exists(database));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_stops_startup_with_exit_2_naming_it_and_stays_untouched()
    {
        var dir = Directory.CreateTempSubdirectory("piazza-store-").FullName;
        try
        {
            var database = Path.Combine(dir, "piazza.db");
            var garbage = RandomNumberGenerator.GetBytes(64 * 1024);
            await File.WriteAllBytesAsync(database, garbage, TestContext.Current.CancellationToken);

            await using var server = await ServerProcess.RunToExitAsync("--port", Port(Ports.Free()), "--data-dir", dir);

            Assert.Equal(BadUsage, server.Process.ExitCode);
            Assert.Contains(database, server.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", server.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("Listening", server.Stdout, StringComparison.Ordinal);
            Assert.Equal(garbage, await File.ReadAllBytesAsync(database, TestContext.Current.CancellationToken));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Another_programs_sqlite_database_stops_startup_with_exit_2_naming_it_and_stays_untouched()
    {
        var dir = Directory.CreateTempSubdirectory("piazza-store-").FullName;
        try
        {
            var database = Path.Combine(dir, "piazza.db");
            await using (var foreign = new SqliteConnection($"Data Source={database};Pooling=False"))
            {
                await foreign.OpenAsync(TestContext.Current.CancellationToken);
                await using var create = foreign.CreateCommand();
                create.CommandText = "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);";
                await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            }

            var before = await File.ReadAllBytesAsync(database, TestContext.Current.CancellationToken);

            await using var server = await ServerProcess.RunToExitAsync("--port", Port(Ports.Free()), "--data-dir", dir);

            Assert.Equal(BadUsage, server.Process.ExitCode);
            Assert.Contains(database, server.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", server.Stderr, StringComparison.Ordinal);
            Assert.Equal(before, await File.ReadAllBytesAsync(database, TestContext.Current.CancellationToken));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("--store", "postgres")]
    [InlineData("--sync", "sometimes")]
    [InlineData("--default-room", "piazza")]
    [InlineData("--default-room", "#no spaces")]
    [InlineData("--retention-days", "-1")]
    [InlineData("--retention-events", "many")]
    [InlineData("--replay-max", "0")]
    [InlineData("--max-rooms", "0")]
    [InlineData("--max-rooms-per-connection", "-3")]
    [InlineData("--log-level", "verbose")]
    [InlineData("--log-level", "7")]
    public async Task A_bad_value_of_a_new_option_exits_2_with_one_sentence_naming_the_option(string option, string value)
    {
        await using var server = await ServerProcess.RunToExitAsync(option, value);

        Assert.Equal(BadUsage, server.Process.ExitCode);
        var first = server.Stderr.Split('\n')[0];
        Assert.StartsWith($"piazza-server: {option}", first, StringComparison.Ordinal);
        Assert.DoesNotContain("Microsoft.Extensions", server.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", server.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_the_version_2_options_with_their_defaults()
    {
        await using var server = await ServerProcess.RunToExitAsync("--help");

        Assert.Equal(0, server.Process.ExitCode);
        var help = server.Stdout.Split('\n');
        (string Option, string Default)[] expected =
        [
            ("--store", "sqlite"), ("--sync", "Full"), ("--retention-days", "0"), ("--retention-events", "0"),
            ("--replay-max", "1000"), ("--default-room", "#piazza"), ("--max-rooms-per-connection", "100"), ("--max-rooms", "10000"),
        ];
        foreach (var (option, value) in expected)
        {
            var line = Assert.Single(help, l => l.TrimStart().StartsWith(option + " ", StringComparison.Ordinal));
            Assert.Contains($"[default: {value}]", line, StringComparison.Ordinal);
        }

        Assert.Single(help, l => l.TrimStart().StartsWith("--data-dir ", StringComparison.Ordinal));
    }

    private static string Port(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
