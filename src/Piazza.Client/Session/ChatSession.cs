using Microsoft.Extensions.Logging;
using Piazza.Client.Core;
using Piazza.Client.Hosting;
using Piazza.Client.Settings;
using Piazza.Protocol;

namespace Piazza.Client.Session;

/// <summary>
/// The state of one page (Blazor circuit): the connect form, the rooms and conversations with
/// their logs, what is unread, and the status, wrapped around one <see cref="ChatClient"/>. Client
/// events arrive on other threads and are applied on the page's renderer through the InvokeAsync
/// it attaches, so components only read this state and call its methods.
/// </summary>
public sealed partial class ChatSession : IGoodbye, IAsyncDisposable
{
    public const string ClientName = "piazza-gui/0.1";

    /// <summary>Events fetched per page when scrolling back.</summary>
    public const int HistoryPageSize = 100;

    /// <summary>The status while no client is connected or connecting.</summary>
    public static ChatStatus Disconnected { get; } = new(ConnectionState.Disconnected, null, null, null);

    private static readonly TimeSpan TickPeriod = TimeSpan.FromMilliseconds(500);

    private readonly SettingsStore _settings;
    private readonly SettingsCursorStore _cursors;
    private readonly SettingsKnownCertificates _certificates;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<ChatSession> _logger;
    private readonly SessionRegistry _registry;
    private readonly PagePresence _presence;
    private readonly ClientOptions _options;
    private readonly List<RoomView> _views = [];
    private readonly CancellationTokenSource _disposed = new();
    private ChatClient? _client;
    private CancellationTokenSource? _connectCts;
    private Func<Func<Task>, Task>? _invoke;
    private ITimer? _ticker;
    private ITimer? _pageGoneTimer;
    private ChatConnectionOptions? _lastOptions;
    private ServerAccount? _account;
    private IReadOnlyList<KnownCertificate>? _remembered;

    /// <summary>What was unread per room when the app last closed, until each room shows up.</summary>
    private Dictionary<string, UnreadCount> _savedUnread = [];

    /// <summary>The room to put back on screen once it is there (the one on screen when the app last ran).</summary>
    private string? _restoreCurrent;

    private string? _shutdownMessage;
    private long _nextKey;

    public ChatSession(SettingsStore settings, TimeProvider time, ILoggerFactory loggerFactory, SessionRegistry registry,
        PagePresence presence, ClientOptions options)
    {
        _settings = settings;
        _cursors = new SettingsCursorStore(settings);
        _certificates = new SettingsKnownCertificates(settings);
        _time = time;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<ChatSession>();
        _registry = registry;
        _presence = presence;
        _options = options;
        var saved = settings.Load();
        Form = ConnectFormModel.From(saved);
        NotificationsEnabled = saved.Notifications;
        NotificationsAsked = saved.NotificationsAsked;
        _registry.Add(this);
        _presence.Changed += OnPresenceChanged;
    }

    public SessionPhase Phase { get; private set; } = SessionPhase.Form;

    public ConnectFormModel Form { get; }

    public FormFailure? Failure { get; private set; }

    /// <summary>The settings file, for sentences that send the person to it.</summary>
    public string SettingsFile => _settings.FilePath;

    public bool IsConnecting { get; private set; }

    public ChatStatus Status { get; private set; } = Disconnected;

    /// <summary>The name the server welcomed us with.</summary>
    public string? Me { get; private set; }

    /// <summary>Signed in to a registered account (not a guest): it has a password to change.</summary>
    public bool IsAccount { get; private set; }

    /// <summary>A server operator: may moderate every room.</summary>
    public bool IsAdmin { get; private set; }

    /// <summary>Why you last left a room against your will, while you are in no room (else the room on screen says it).</summary>
    public string? RoomlessNotice { get; private set; }

    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>The room or conversation on screen, or null when you are in none.</summary>
    public RoomView? Current { get; private set; }

    /// <summary>The rooms (in the order joined), then the direct conversations.</summary>
    public IReadOnlyList<RoomView> Rooms => [.. _views.Where(v => !v.IsDirect), .. _views.Where(v => v.IsDirect)];

    /// <summary>The log of the room on screen.</summary>
    public IReadOnlyList<ChatEntry> Entries => Current?.Log ?? [];

    /// <summary>Who is in the room on screen; before any room is there, just you.</summary>
    public IReadOnlyList<string> Users => Current?.Users ?? (Me is null ? [] : [Me]);

    /// <summary>Unread messages naming you, and unread direct messages, in every room: the (N) of the window title.</summary>
    public int Alerts => _views.Sum(v => v.Alerts);

    /// <summary>Whether the window has the focus (as the page reports it); news in the room on screen is read only then.</summary>
    public bool IsFocused { get; private set; } = true;

    /// <summary>Desktop notifications for mentions and direct messages (a setting).</summary>
    public bool NotificationsEnabled { get; private set; }

    /// <summary>The browser was asked once for permission to notify; it is not asked again by itself.</summary>
    public bool NotificationsAsked { get; private set; }

    /// <summary>Raised on the renderer after every change.</summary>
    public event EventHandler? Changed;

    /// <summary>A mention or a direct message arrived while you were elsewhere: the page shows a desktop notification.</summary>
    public event EventHandler<DesktopNotice>? NotificationRaised;

    /// <summary>The page's InvokeAsync: everything the client reports is applied through it.</summary>
    public void Attach(Func<Func<Task>, Task> invokeAsync) => _invoke = invokeAsync;

    public void ClearFailureFor(string field)
    {
        // A certificate to trust belongs to the server the form named: any edit makes it moot.
        if (Failure?.Field == field || Failure?.Certificate is not null)
        {
            Failure = null;
        }
    }

    /// <summary>Connects with what the form holds, to the rooms remembered for that server and name.</summary>
    public async Task ConnectAsync()
    {
        if (IsConnecting || !Form.IsValid)
        {
            return;
        }

        var options = new ChatConnectionOptions
        {
            Host = Form.TrimmedHost,
            Port = Form.PortNumber,
            Username = Form.Username,
            ClientName = ClientName,
            Reconnect = _options.Reconnect,
            CursorStore = _cursors,
            Password = Form.SignsIn ? Form.Password : null,
            Register = Form.SignsIn && Form.Register,
            UseTls = Form.UseTls,
            KnownCertificates = _certificates,
        };
        ClearRooms();
        await StartAsync(options, keepLog: false);
    }

    /// <summary>
    /// The person read the fingerprint of a certificate this computer does not trust and chose to
    /// trust it: it is remembered for this host and port, and the connect goes ahead.
    /// </summary>
    public async Task TrustAndConnectAsync()
    {
        if (IsConnecting || Failure is not { CanTrust: true, Certificate: { } certificate })
        {
            return;
        }

        await _certificates.TrustAsync(certificate.Trust(Now), CancellationToken.None);
        _remembered = null;
        Log.CertificateTrusted(_logger, certificate.Host, certificate.Port, certificate.Fingerprint);
        await ConnectAsync();
    }

    /// <summary>
    /// The certificate of a server changed and the person confirmed, after reading both
    /// fingerprints, that the one trusted before is to be forgotten: it is removed for this host
    /// and port, and the connect goes ahead, so the certificate presented now is shown with its
    /// fingerprint to trust on first use (never trusted without that second, explicit choice).
    /// </summary>
    public async Task ForgetCertificateAndConnectAsync()
    {
        if (IsConnecting || Failure is not { CertificateChanged: true, Certificate: { } changed })
        {
            return;
        }

        await _certificates.ForgetAsync(changed.Host, changed.Port, CancellationToken.None);
        _remembered = null;
        Log.CertificateForgotten(_logger, changed.Host, changed.Port, changed.KnownFingerprint ?? "");
        await ConnectAsync();
    }

    /// <summary>The certificates trusted on first use, per host and port, as settings.json keeps them.</summary>
    public IReadOnlyList<KnownCertificate> RememberedCertificates => _remembered ??= _settings.ListCertificates();

    /// <summary>Forgets a remembered certificate (the person confirmed it in the list): the next connect to that server asks again.</summary>
    public async Task ForgetRememberedAsync(KnownCertificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        await _certificates.ForgetAsync(certificate.Host, certificate.Port, CancellationToken.None);
        Log.CertificateForgotten(_logger, certificate.Host, certificate.Port, certificate.Fingerprint);
        _remembered = null;
        Notify();
    }

    /// <summary>After the connection ended for good: join again with the same details, keeping the logs.</summary>
    public Task ReconnectAsync() =>
        _lastOptions is null || IsConnecting ? Task.CompletedTask : StartAsync(_lastOptions, keepLog: true);

    /// <summary>While a reconnect waits for its countdown: try now.</summary>
    public void ReconnectNow() => _client?.ReconnectNow();

    public void CancelConnect() => CancelQuietly(_connectCts);

    private async Task StartAsync(ChatConnectionOptions options, bool keepLog)
    {
        Failure = null;
        IsConnecting = true;
        Status = new ChatStatus(ConnectionState.Connecting, options.Username, options.Host, options.Port);
        Notify();

        var client = _client ??= NewClient();
        var account = new ServerAccount(options.Host, options.Port, options.Username);
        _account = account;
        var place = keepLog ? null : _settings.LoadPlace(account);
        _restoreCurrent = keepLog ? Current?.Name : place?.Current;
        _savedUnread = place?.Unread.ToDictionary(StringComparer.Ordinal) ?? [];
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token);
        _connectCts = cts;
        ConnectResult result;
        Log.Connecting(_logger, options.Host, options.Port, options.Username);
        try
        {
            result = await client.ConnectAsync(options, cts.Token);
        }
        catch (OperationCanceledException)
        {
            result = new ConnectResult(new ConnectFailure(ConnectFailureKind.NetworkError, "Connecting was cancelled."), null);
        }
        finally
        {
            _connectCts = null;
            IsConnecting = false;
        }

        if (!result.Succeeded || result.Welcome is null)
        {
            var failure = result.Failure ?? new ConnectFailure(ConnectFailureKind.ProtocolError, "The server did not welcome us.");
            Log.ConnectFailed(_logger, options.Host, options.Port, failure.Kind.ToString(), failure.Message);
            if (keepLog)
            {
                Status = Disconnected with { LastError = failure.Message };
                AddNoticeEverywhere(NoticeKind.Problem, failure.Message);
            }
            else
            {
                Failure = new FormFailure(failure.Message, failure.Field ?? FieldToFix(failure.Kind), failure.Suggestion,
                    failure.Certificate, failure.Kind);
                Status = Disconnected;
            }

            Notify();
            return;
        }

        var welcome = result.Welcome;
        // The account exists now: connecting again signs in.
        _lastOptions = options with { Username = welcome.User, Register = false };
        Form.Register = false;
        IsAccount = welcome.IsAccount;
        IsAdmin = welcome.IsAdmin;
        Me = welcome.User;
        Phase = SessionPhase.Chat;
        if (client.Status.State == ConnectionState.Connected)
        {
            Status = client.Status;
        }

        if (!keepLog)
        {
            _settings.Update(s => s with { Host = options.Host, Port = options.Port, Username = welcome.User, UseTls = options.UseTls });
        }

        Log.Connected(_logger, welcome.User, options.Host, options.Port);
        Notify();
    }

    /// <summary>
    /// The field a failure without one most likely needs fixed: nothing listening means the port
    /// (or the server is not running); no route or no answer means the host.
    /// </summary>
    private static string? FieldToFix(ConnectFailureKind kind) => kind switch
    {
        ConnectFailureKind.ConnectionRefused => EndpointRules.PortField,
        ConnectFailureKind.TimedOut or ConnectFailureKind.NetworkError or ConnectFailureKind.HostNotFound => EndpointRules.HostField,
        _ => null,
    };

    /// <summary>Leaves every room (bye) and goes back to the form.</summary>
    public async Task DisconnectAsync()
    {
        if (_client is { } client)
        {
            await DisconnectClientAsync(client, CancellationToken.None);
        }

        StopTicker();
        Phase = SessionPhase.Form;
        Status = Disconnected;
        Notify();
    }

    /// <summary>The Close button: bye, then the closed screen; the page then stops the app.</summary>
    public async Task CloseAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await SayGoodbyeAsync(limit.Token);
        StopTicker();
        Phase = SessionPhase.Closed;
        Status = Disconnected;
        Notify();
    }

    public async Task SayGoodbyeAsync(CancellationToken cancellationToken)
    {
        CancelQuietly(_connectCts);
        if (_client is { } client)
        {
            await DisconnectClientAsync(client, cancellationToken);
        }

        SaveUnread();
    }

    /// <summary>What is unread stays unread in the next run.</summary>
    private void SaveUnread()
    {
        if (_account is { } account && Phase == SessionPhase.Chat)
        {
            // Called as the app stops, off the page's renderer: a copy of the list, never an enumeration of it.
            var views = _views.ToArray();
            _settings.SaveUnread(account, views.Where(v => v.Unread > 0)
                .ToDictionary(v => v.Name, v => new UnreadCount(v.Unread, v.Alerts, v.Mentioned), StringComparer.Ordinal));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _presence.Changed -= OnPresenceChanged;
        _registry.Remove(this);
        StopTicker();
        _pageGoneTimer?.Dispose();
        using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            await SayGoodbyeAsync(limit.Token);
        }

        if (Interlocked.Exchange(ref _client, null) is { } client)
        {
            client.EventRaised -= OnClientEvent;
            await client.DisposeAsync();
        }

        await _disposed.CancelAsync();
        _disposed.Dispose();
    }

    /// <summary>Turns desktop notifications on or off, and remembers it.</summary>
    public void SetNotifications(bool enabled)
    {
        NotificationsEnabled = enabled;
        _settings.Update(s => s with { Notifications = enabled });
        Notify();
    }

    /// <summary>The browser's permission was asked for: never again by itself.</summary>
    public void MarkNotificationsAsked()
    {
        if (!NotificationsAsked)
        {
            NotificationsAsked = true;
            _settings.Update(s => s with { NotificationsAsked = true });
        }
    }

    /// <summary>The window gained or lost the focus (or was hidden).</summary>
    public void SetFocused(bool focused)
    {
        if (IsFocused == focused)
        {
            return;
        }

        IsFocused = focused;
        if (focused)
        {
            Current?.MarkRead();
        }

        Notify();
    }

    private ChatClient NewClient()
    {
        var client = new ChatClient(_time, _loggerFactory);
        client.EventRaised += OnClientEvent;
        return client;
    }

    private async Task DisconnectClientAsync(ChatClient client, CancellationToken cancellationToken)
    {
        try
        {
            await client.DisconnectAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            Log.GoodbyeFailed(_logger, ex.Message);
        }
    }

    private void OnPresenceChanged(object? sender, bool connected)
    {
        _pageGoneTimer?.Dispose();
        _pageGoneTimer = null;
        if (!connected && _client is not null)
        {
            _pageGoneTimer = _time.CreateTimer(_ => _ = DispatchAsync(LeaveBecausePageGoneAsync), null,
                _options.PageGoneGrace, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task LeaveBecausePageGoneAsync()
    {
        if (_presence.IsConnected || _client is null || _client.Status.State == ConnectionState.Disconnected)
        {
            return;
        }

        Log.PageGone(_logger, Me ?? "?");
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await SayGoodbyeAsync(limit.Token);
        StopTicker();
        Status = Disconnected;
        AddNoticeEverywhere(NoticeKind.Connection, "You left the chat because the page was closed.");
        Notify();
    }

    private static void CancelQuietly(CancellationTokenSource? cts)
    {
        try
        {
            cts?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The attempt finished meanwhile; nothing is left to cancel.
        }
    }

    private string NextKey(string prefix) =>
        prefix + "-" + Interlocked.Increment(ref _nextKey).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private void Notify() => Changed?.Invoke(this, EventArgs.Empty);
}

/// <summary>What a desktop notification says, and the room it leads to.</summary>
public sealed record DesktopNotice(string Title, string Body, string Room);
