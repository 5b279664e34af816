using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Piazza.Client.Hosting;

/// <summary>
/// Ends the app when its window goes: when the Chromium process that is the window exits, or,
/// when the app could only ask the default browser (no process to watch), when every page has
/// been disconnected for a short grace period.
/// </summary>
public sealed class WindowLifetime : IDisposable
{
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WindowLifetime> _logger;
    private readonly Lock _gate = new();
    private int _pages;
    private bool _everConnected;
    private bool _exitWhenPagesClose;
    private ITimer? _graceTimer;

    public WindowLifetime(IHostApplicationLifetime lifetime, ClientOptions options, TimeProvider time, ILogger<WindowLifetime> logger)
    {
        _lifetime = lifetime;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public int ConnectedPages
    {
        get { lock (_gate) { return _pages; } }
    }

    /// <summary>Pages count from now on: the last one going away ends the app.</summary>
    public void ExitWhenPagesClose()
    {
        lock (_gate)
        {
            _exitWhenPagesClose = true;
        }
    }

    public void Watch(AppWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        window.Process.EnableRaisingEvents = true;
        window.Process.Exited += (_, _) => OnWindowExited();
        if (window.Process.HasExited)
        {
            OnWindowExited();
        }
    }

    public void PageUp()
    {
        lock (_gate)
        {
            _pages++;
            _everConnected = true;
            _graceTimer?.Dispose();
            _graceTimer = null;
        }

        Log.PageConnected(_logger, ConnectedPages);
    }

    public void PageDown()
    {
        lock (_gate)
        {
            _pages = Math.Max(0, _pages - 1);
            if (_pages > 0 || !_exitWhenPagesClose)
            {
                return;
            }

            _graceTimer?.Dispose();
            _graceTimer = _time.CreateTimer(_ => OnGraceElapsed(), null, _options.LastPageGrace, Timeout.InfiniteTimeSpan);
        }

        Log.LastPageGone(_logger, _options.LastPageGrace.TotalSeconds);
    }

    /// <summary>The Close button: the page has shown its closed state, so stop.</summary>
    public void RequestClose()
    {
        Log.CloseRequested(_logger);
        _lifetime.StopApplication();
    }

    private void OnGraceElapsed()
    {
        lock (_gate)
        {
            if (_pages > 0)
            {
                return;
            }
        }

        Log.StoppingAfterLastPage(_logger);
        _lifetime.StopApplication();
    }

    private void OnWindowExited()
    {
        bool everConnected;
        lock (_gate)
        {
            everConnected = _everConnected;
            if (!everConnected)
            {
                // The window died before its page ever connected: it never really opened (no
                // display, a crash). Keep running for whoever opens the printed URL instead.
                _exitWhenPagesClose = true;
            }
        }

        if (everConnected)
        {
            Log.WindowClosed(_logger);
            _lifetime.StopApplication();
        }
        else
        {
            Log.WindowFailedEarly(_logger);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _graceTimer?.Dispose();
            _graceTimer = null;
        }
    }
}
