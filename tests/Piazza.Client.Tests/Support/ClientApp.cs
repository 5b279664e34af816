using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Piazza.Client.Hosting;

namespace Piazza.Client.Tests.Support;

/// <summary>The real client app, in-process, with no window, on a free loopback port and its own config folder.</summary>
public sealed class ClientApp : IAsyncDisposable
{
    private readonly bool _ownsConfigDirectory;

    private ClientApp(ClientHost host, string configDirectory, bool ownsConfigDirectory, LogCapture logs)
    {
        _ownsConfigDirectory = ownsConfigDirectory;
        Host = host;
        ConfigDirectory = configDirectory;
        Logs = logs;
    }

    public ClientHost Host { get; }

    public string ConfigDirectory { get; }

    public LogCapture Logs { get; }

    public Uri LaunchUrl => Host.LaunchUrl;

    /// <summary>Starts the app; <paramref name="configDirectory"/> (kept afterwards) lets two runs share settings.</summary>
    public static async Task<ClientApp> StartAsync(string? configDirectory = null, Func<ClientOptions, ClientOptions>? configure = null)
    {
        var owns = configDirectory is null;
        configDirectory ??= Directory.CreateTempSubdirectory("piazza-config-").FullName;
        var options = new ClientOptions
        {
            NoBrowser = true,
            ConfigDirectory = configDirectory,
            LogToConsole = false,
            PageGoneGrace = TimeSpan.FromSeconds(1),
        };
        options = configure?.Invoke(options) ?? options;
        var logs = new LogCapture(LogLevel.Information);
        var host = await ClientHost.StartAsync(options, services => services.AddSingleton<ILoggerProvider>(logs));
        return new ClientApp(host, configDirectory, owns, logs);
    }

    public async ValueTask DisposeAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await Host.StopAsync(limit.Token);
        }
        finally
        {
            await Host.DisposeAsync();
            Logs.Dispose();
            if (_ownsConfigDirectory)
            {
                try
                {
                    Directory.Delete(ConfigDirectory, recursive: true);
                }
                catch (IOException)
                {
                    // A leftover temp folder is harmless.
                }
            }
        }
    }
}
