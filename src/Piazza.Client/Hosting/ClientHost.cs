using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Piazza.Client.Components;
using Piazza.Client.Session;
using Piazza.Client.Settings;

namespace Piazza.Client.Hosting;

/// <summary>The local web app: Kestrel on loopback, the token gate, and the Blazor UI.</summary>
public sealed class ClientHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ClientHost(WebApplication app, Uri baseAddress, AccessToken token)
    {
        _app = app;
        BaseAddress = baseAddress;
        Token = token;
    }

    /// <summary>Where the UI listens, without the token (http://127.0.0.1:PORT/).</summary>
    public Uri BaseAddress { get; }

    /// <summary>The address to open: with the token, which turns into a cookie on first use.</summary>
    public Uri LaunchUrl => new(BaseAddress, "/?" + AccessToken.QueryName + "=" + Token.Value);

    public AccessToken Token { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<ClientHost> StartAsync(ClientOptions options, Action<IServiceCollection>? configureServices = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // Fixed, not taken from the entry assembly: the static web asset manifests are named
            // after this project, also when a test process hosts it.
            ApplicationName = typeof(ClientHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });

        // Serves blazor.web.js, scoped CSS and wwwroot from the build output wherever the app runs
        // from (dotnet run, a test's bin folder, publish output).
        builder.WebHost.UseStaticWebAssets();
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.WebHost.UseKestrel(k => k.AddServerHeader = false);
        ConfigureLogging(builder.Logging, options);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        // Bounds how long open pages may hold up the exit after the window closed or Ctrl+C.
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(2));

        // Keys for circuit state live only as long as the process: nothing to store, nothing to leak.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();

        var token = new AccessToken();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(token);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new SettingsStore(
            options.ConfigDirectory ?? SettingsStore.DefaultDirectory(), sp.GetRequiredService<ILogger<SettingsStore>>()));
        builder.Services.AddSingleton<BrowserLauncher>();
        builder.Services.AddSingleton<WindowLifetime>();
        builder.Services.AddSingleton<SessionRegistry>();
        builder.Services.AddHostedService<GoodbyeOnStop>();
        builder.Services.AddScoped<PagePresence>();
        builder.Services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, PageCircuitHandler>();
        builder.Services.AddPiazzaChat();
        builder.Services.AddRazorComponents()
            .AddInteractiveServerComponents(o =>
            {
                o.DisconnectedCircuitRetentionPeriod = options.CircuitRetention;
                o.DetailedErrors = false;
            });
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseMiddleware<TokenGate>();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.First();
        var baseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        token.BindToPort(baseAddress.Port);
        return new ClientHost(app, baseAddress, token);
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static void ConfigureLogging(ILoggingBuilder logging, ClientOptions options)
    {
        logging.ClearProviders();
        if (options.LogToConsole)
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
        }

        // People run this from a terminal: show what Piazza does, and only problems from the framework.
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("System", LogLevel.Warning);
    }
}
