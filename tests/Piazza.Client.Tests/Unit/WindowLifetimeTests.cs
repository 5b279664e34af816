using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Piazza.Client.Hosting;

namespace Piazza.Client.Tests.Unit;

/// <summary>The "last page closed" rule, on a fake clock.</summary>
public sealed class WindowLifetimeTests
{
    private sealed class Lifetime : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public bool Stopped => _stopping.IsCancellationRequested;

        public void StopApplication() => _stopping.Cancel();

        public void Dispose() => _stopping.Dispose();
    }

    private static (WindowLifetime Windows, Lifetime Host, FakeTimeProvider Time) Create()
    {
        var host = new Lifetime();
        var time = new FakeTimeProvider();
        var options = new ClientOptions { LastPageGrace = TimeSpan.FromSeconds(3) };
        return (new WindowLifetime(host, options, time, NullLogger<WindowLifetime>.Instance), host, time);
    }

    [Fact]
    public void When_pages_count_the_last_one_closing_stops_the_app_after_the_grace()
    {
        var (windows, host, time) = Create();
        windows.ExitWhenPagesClose();
        windows.PageUp();

        windows.PageDown();
        time.Advance(TimeSpan.FromSeconds(2.9));
        Assert.False(host.Stopped);
        time.Advance(TimeSpan.FromSeconds(0.2));

        Assert.True(host.Stopped);
    }

    [Fact]
    public void A_reload_within_the_grace_keeps_the_app()
    {
        var (windows, host, time) = Create();
        windows.ExitWhenPagesClose();
        windows.PageUp();

        windows.PageDown();
        time.Advance(TimeSpan.FromSeconds(1));
        windows.PageUp();
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.False(host.Stopped);
        Assert.Equal(1, windows.ConnectedPages);
    }

    [Fact]
    public void While_another_page_is_open_the_app_keeps_running()
    {
        var (windows, host, time) = Create();
        windows.ExitWhenPagesClose();
        windows.PageUp();
        windows.PageUp();

        windows.PageDown();
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.False(host.Stopped);
    }

    [Fact]
    public void With_no_browser_closing_pages_never_stops_the_app()
    {
        var (windows, host, time) = Create();
        windows.PageUp();

        windows.PageDown();
        time.Advance(TimeSpan.FromMinutes(5));

        Assert.False(host.Stopped);
    }

    [Fact]
    public void Close_stops_the_app()
    {
        var (windows, host, _) = Create();

        windows.RequestClose();

        Assert.True(host.Stopped);
    }
}
