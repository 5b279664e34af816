using Microsoft.Extensions.Logging;
using Piazza.Client.Core;
using Piazza.Client.Hosting;
using Piazza.Client.Settings;
using Piazza.Protocol;

namespace Piazza.Client.Session;

/// <summary>
/// The state of one page (Blazor circuit): the connect form, the log, the people online and the
/// status, wrapped around one <see cref="ChatClient"/>. Client events arrive on other threads and
/// are applied on the page's renderer through the InvokeAsync it attaches, so components only
/// read this state and call its methods.
/// </summary>
public sealed partial class ChatSession : IGoodbye, IAsyncDisposable
{
    public const string ClientName = "piazza-gui/0.1";

    /// <summary>The log keeps this many entries; older ones scroll away for good.</summary>
    public const int MaxEntries = 2000;

    /// <summary>The status while no client is connected or connecting.</summary>
    public static ChatStatus Disconnected { get; } = new(ConnectionState.Disconnected, null, null, null);

    private static readonly TimeSpan TickPeriod = TimeSpan.FromMilliseconds(500);

    private readonly SettingsStore _settings;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<ChatSession> _logger;
    private readonly SessionRegistry _registry;
    private readonly PagePresence _presence;
    private readonly ClientOptions _options;
    private readonly List<ChatEntry> _entries = [];
    private readonly CancellationTokenSource _disposed = new();
    private ChatClient? _client;
    private CancellationTokenSource? _connectCts;
    private Func<Func<Task>, Task>? _invoke;
    private ITimer? _ticker;
    private ITimer? _pageGoneTimer;
    private ChatConnectionOptions? _lastOptions;

    /// <summary>The room this page shows: the one the server put the client in (its default room).</summary>
    private string? _room;
    private int _replayInsertAt;
    private string? _shutdownMessage;
    private long _nextKey;

    public ChatSession(SettingsStore settings, TimeProvider time, ILoggerFactory loggerFactory, SessionRegistry registry,
        PagePresence presence, ClientOptions options)
    {
        _settings = settings;
        _time = time;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<ChatSession>();
        _registry = registry;
        _presence = presence;
        _options = options;
        Form = ConnectFormModel.From(settings.Load());
        _registry.Add(this);
        _presence.Changed += OnPresenceChanged;
    }

    public SessionPhase Phase { get; private set; } = SessionPhase.Form;

    public ConnectFormModel Form { get; }

    public FormFailure? Failure { get; private set; }

    public bool IsConnecting { get; private set; }

    public IReadOnlyList<ChatEntry> Entries => _entries;

    public IReadOnlyList<string> Users { get; private set; } = [];

    public ChatStatus Status { get; private set; } = Disconnected;

    /// <summary>The name the server welcomed us with.</summary>
    public string? Me { get; private set; }

    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>Raised on the renderer after every change.</summary>
    public event EventHandler? Changed;

    /// <summary>The page's InvokeAsync: everything the client reports is applied through it.</summary>
    public void Attach(Func<Func<Task>, Task> invokeAsync) => _invoke = invokeAsync;

    public void ClearFailureFor(string field)
    {
        if (Failure?.Field == field)
        {
            Failure = null;
        }
    }

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
        };
        _entries.Clear();
        _replayInsertAt = 0;
        _room = null;
        await StartAsync(options, keepLog: false);
    }

    /// <summary>After the connection ended for good: join again with the same details, keeping the log.</summary>
    public Task ReconnectAsync() =>
        _lastOptions is null || IsConnecting ? Task.CompletedTask : StartAsync(_lastOptions, keepLog: true);

    public void CancelConnect() => CancelQuietly(_connectCts);

    private async Task StartAsync(ChatConnectionOptions options, bool keepLog)
    {
        Failure = null;
        IsConnecting = true;
        Status = new ChatStatus(ConnectionState.Connecting, options.Username, options.Host, options.Port);
        Notify();

        var client = new ChatClient(_time, _loggerFactory);
        client.EventRaised += OnClientEvent;
        var previous = Interlocked.Exchange(ref _client, client);
        if (previous is not null)
        {
            await CloseClientAsync(previous, sayBye: true, CancellationToken.None);
        }

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
            Interlocked.CompareExchange(ref _client, null, client);
            await CloseClientAsync(client, sayBye: false, CancellationToken.None);
            if (keepLog)
            {
                Status = Disconnected with { LastError = failure.Message };
                AddNotice(NoticeKind.Problem, failure.Message);
            }
            else
            {
                Failure = new FormFailure(failure.Message, failure.Field, failure.Suggestion);
                Status = Disconnected;
            }

            Notify();
            return;
        }

        var welcome = result.Welcome;
        _lastOptions = options with { Username = welcome.User };
        Me = welcome.User;
        Users = client.FindRoom(_room ?? RoomNameRules.DefaultRoom)?.Users ?? [welcome.User];
        Phase = SessionPhase.Chat;
        if (client.Status.State == ConnectionState.Connected)
        {
            Status = client.Status;
        }

        if (!keepLog)
        {
            _settings.Save(new ClientSettings { Host = options.Host, Port = options.Port, Username = welcome.User });
        }

        Log.Connected(_logger, welcome.User, options.Host, options.Port);
        Notify();
    }

    /// <summary>Sends <paramref name="text"/>; it shows at once as pending, then as sent or failed.</summary>
    public void Send(string text)
    {
        if (_client is null || Me is null || string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        var entry = new MessageEntry(NextKey("own"), Now, Me, text) { IsOwn = true, Delivery = DeliveryState.Pending };
        Add(entry);
        Notify();
        _ = DeliverAsync(_client, entry.Key, text);
    }

    /// <summary>Sends a failed message again; it moves to the end of the log as pending.</summary>
    public void Retry(string key)
    {
        var index = _entries.FindIndex(e => e.Key == key);
        if (index < 0 || _entries[index] is not MessageEntry { IsOwn: true, Delivery: DeliveryState.Failed } failed || _client is null)
        {
            return;
        }

        _entries.RemoveAt(index);
        if (index < _replayInsertAt)
        {
            _replayInsertAt--;
        }

        var pending = failed with { Ts = Now, Delivery = DeliveryState.Pending, Error = null };
        Add(pending);
        Notify();
        _ = DeliverAsync(_client, key, failed.Text);
    }

    /// <summary>Leaves the room (bye) and goes back to the form.</summary>
    public async Task DisconnectAsync()
    {
        var client = Interlocked.Exchange(ref _client, null);
        if (client is not null)
        {
            await CloseClientAsync(client, sayBye: true, CancellationToken.None);
        }

        StopTicker();
        Phase = SessionPhase.Form;
        Status = Disconnected;
        Users = [];
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
        var client = Interlocked.Exchange(ref _client, null);
        if (client is not null)
        {
            await CloseClientAsync(client, sayBye: true, cancellationToken);
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

        await _disposed.CancelAsync();
        _disposed.Dispose();
    }

    private async Task DeliverAsync(ChatClient client, string key, string text)
    {
        // SendAsync reports a missing or lost connection as a failed result; it throws only when
        // the page is gone.
        SendResult result;
        try
        {
            result = await client.SendAsync(_room ?? RoomNameRules.DefaultRoom, text, _disposed.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await DispatchAsync(() =>
        {
            var index = _entries.FindIndex(e => e.Key == key);
            if (index >= 0 && _entries[index] is MessageEntry entry)
            {
                if (result.Succeeded && _entries.Exists(e => e is MessageEntry { Id: { } id } shown && id == result.Id && shown.Ts == result.Ts))
                {
                    // Sent before a reconnect and stored then: the catch-up already showed it.
                    _entries.RemoveAt(index);
                    if (index < _replayInsertAt)
                    {
                        _replayInsertAt--;
                    }
                }
                else if (result.Succeeded)
                {
                    _entries[index] = entry with { Delivery = DeliveryState.Sent, Id = result.Id, Ts = result.Ts ?? entry.Ts };
                }
                else
                {
                    Log.SendFailed(_logger, result.ErrorCode ?? "?", result.ErrorMessage ?? "");
                    _entries[index] = entry with
                    {
                        Delivery = DeliveryState.Failed,
                        Error = result.ErrorMessage ?? "The message was not sent.",
                    };
                }

                Notify();
            }

            return Task.CompletedTask;
        });
    }

    private async Task CloseClientAsync(ChatClient client, bool sayBye, CancellationToken cancellationToken)
    {
        client.EventRaised -= OnClientEvent;
        try
        {
            if (sayBye)
            {
                await client.DisconnectAsync(cancellationToken);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            Log.GoodbyeFailed(_logger, ex.Message);
        }
        finally
        {
            await client.DisposeAsync();
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
        if (_presence.IsConnected || _client is null)
        {
            return;
        }

        Log.PageGone(_logger, Me ?? "?");
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await SayGoodbyeAsync(limit.Token);
        StopTicker();
        Status = Disconnected;
        AddNotice(NoticeKind.Connection, "You left the chat because the page was closed.");
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
