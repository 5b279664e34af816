using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Piazza.Protocol;
using Piazza.Server.Chat;
using Piazza.Store;

namespace Piazza.Server.Doors.Irc;

/// <summary>
/// Registration (NICK, USER, PASS), capability negotiation (CAP) and SASL PLAIN. Registering is
/// Piazza's hello: the nick is the name, and a password (SASL or PASS) signs in to the account.
/// </summary>
internal sealed partial class IrcConnection
{
    private string? _pendingNick;
    private string? _pendingUser;
    private string? _password;
    private bool _negotiating;
    private bool _registering;
    private int _capVersion;
    private StringBuilder? _saslBuffer;
    private bool _saslStarted;
    private string? _saslAccount;
    private string? _saslPassword;
    private Account? _account;

    private async ValueTask<bool> OnCapAsync(IrcMessage message)
    {
        var sub = message.Param(0)?.ToUpperInvariant();
        switch (sub)
        {
            case "LS":
                if (!_registered)
                {
                    _negotiating = true;
                }

                if (int.TryParse(message.Param(1), NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version >= 302)
                {
                    _capVersion = Math.Max(_capVersion, version);
                    // CAP LS 302 enables cap-notify implicitly.
                    AddCaps(IrcCaps.CapNotify);
                }

                Reply(null, _settings.ServerName, "CAP", Nick, "LS",
                    string.Join(' ', IrcCapNames.All.Select(c => IrcCapNames.Offer(c.Name, _capVersion))));
                return true;
            case "LIST":
                Reply(null, _settings.ServerName, "CAP", Nick, "LIST",
                    string.Join(' ', IrcCapNames.All.Where(c => Has(c.Cap)).Select(c => c.Name)));
                return true;
            case "REQ":
                if (!_registered)
                {
                    _negotiating = true;
                }

                OnCapRequest(message.Param(1) ?? "");
                return true;
            case "END":
                if (!_registered && _negotiating)
                {
                    _negotiating = false;
                    await TryRegisterAsync();
                }

                return true;
            default:
                Numeric(Numerics.InvalidCapCmd, message.Param(0) ?? "*", "Invalid CAP command");
                return true;
        }
    }

    private void OnCapRequest(string list)
    {
        IrcCaps add = IrcCaps.None, remove = IrcCaps.None;
        foreach (var word in list.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var removing = word.StartsWith('-');
            var cap = IrcCapNames.Find(removing ? word[1..] : word);
            if (cap == IrcCaps.None)
            {
                Reply(null, _settings.ServerName, "CAP", Nick, "NAK", list);
                return;
            }

            if (removing)
            {
                remove |= cap;
            }
            else
            {
                add |= cap;
            }
        }

        if (list.Trim().Length == 0)
        {
            Reply(null, _settings.ServerName, "CAP", Nick, "NAK", list);
            return;
        }

        AddCaps(add);
        RemoveCaps(remove);
        Reply(null, _settings.ServerName, "CAP", Nick, "ACK", list.Trim());
    }

    private void AddCaps(IrcCaps caps)
    {
        int current, next;
        do
        {
            current = Volatile.Read(ref _caps);
            next = current | (int)caps;
        }
        while (Interlocked.CompareExchange(ref _caps, next, current) != current);
    }

    private void RemoveCaps(IrcCaps caps)
    {
        int current, next;
        do
        {
            current = Volatile.Read(ref _caps);
            next = current & ~(int)caps;
        }
        while (Interlocked.CompareExchange(ref _caps, next, current) != current);
    }

    private async ValueTask<bool> OnNickAsync(IrcMessage message)
    {
        var nick = message.Param(0);
        if (string.IsNullOrEmpty(nick))
        {
            Numeric(Numerics.NoNicknameGiven, "No nickname given");
            return true;
        }

        if (IrcNames.Check(nick) is { } why)
        {
            Numeric(Numerics.ErroneousNickname, nick, "Erroneous nickname: " + why);
            return true;
        }

        if (_registered)
        {
            if (!string.Equals(IrcNames.FromNick(nick), _session!.Name, StringComparison.Ordinal))
            {
                Numeric(Numerics.NicknameInUse, nick,
                    "Piazza names cannot change while connected: reconnect with the new nick");
            }

            return true;
        }

        if (_chat.Members.Find(IrcNames.FromNick(nick)) is not null && _saslAccount is null)
        {
            Numeric(Numerics.NicknameInUse, nick, "Nickname is already in use");
            return true;
        }

        _pendingNick = nick;
        await TryRegisterAsync();
        return true;
    }

    private async ValueTask<bool> OnUserAsync(IrcMessage message)
    {
        if (_registered)
        {
            Numeric(Numerics.AlreadyRegistered, "You may not reregister");
            return true;
        }

        if (message.Params.Count < 4 || message.Params[0].Length == 0 || message.Params[3].Length == 0)
        {
            Numeric(Numerics.NeedMoreParams, "USER", "Not enough parameters");
            return true;
        }

        _pendingUser = message.Params[0];
        RealName = message.Params[3];
        await TryRegisterAsync();
        return true;
    }

    private void OnPass(IrcMessage message)
    {
        if (_registered)
        {
            Numeric(Numerics.AlreadyRegistered, "You may not reregister");
            return;
        }

        if (message.Params.Count < 1 || message.Params[0].Length == 0)
        {
            Numeric(Numerics.NeedMoreParams, "PASS", "Not enough parameters");
            return;
        }

        _password = message.Params[0];
    }

    private async ValueTask<bool> OnAuthenticateAsync(IrcMessage message)
    {
        var data = message.Param(0) ?? "";
        if (_registered || _saslAccount is not null)
        {
            Numeric(Numerics.SaslAlready, "You have already authenticated using SASL");
            return true;
        }

        if (!Has(IrcCaps.Sasl))
        {
            Numeric(Numerics.SaslFail, "SASL authentication failed: request the sasl capability first");
            return true;
        }

        if (data == "*")
        {
            ResetSasl();
            Numeric(Numerics.SaslAborted, "SASL authentication aborted");
            return true;
        }

        if (!_saslStarted)
        {
            if (!string.Equals(data, "PLAIN", StringComparison.OrdinalIgnoreCase))
            {
                Numeric(Numerics.SaslMechs, "PLAIN", "are available SASL mechanisms");
                Numeric(Numerics.SaslFail, "SASL authentication failed");
                return true;
            }

            _saslStarted = true;
            Reply(null, null, "AUTHENTICATE", "+");
            return true;
        }

        if (data.Length > 400)
        {
            ResetSasl();
            Numeric(Numerics.SaslTooLong, "SASL message too long");
            return true;
        }

        _saslBuffer ??= new StringBuilder();
        if (data != "+")
        {
            _saslBuffer.Append(data);
        }

        if (_saslBuffer.Length > 4096)
        {
            ResetSasl();
            Numeric(Numerics.SaslTooLong, "SASL message too long");
            return true;
        }

        if (data.Length == 400)
        {
            // More is coming.
            return true;
        }

        var payload = _saslBuffer.ToString();
        ResetSasl();
        await CheckPlainAsync(payload);
        return true;
    }

    private async Task CheckPlainAsync(string payload)
    {
        string[] parts;
        try
        {
            parts = new UTF8Encoding(false, true).GetString(Convert.FromBase64String(payload)).Split('\0');
        }
        catch (Exception ex) when (ex is FormatException or DecoderFallbackException)
        {
            Numeric(Numerics.SaslFail, "SASL authentication failed: the PLAIN message is not base64 of UTF-8");
            return;
        }

        if (parts.Length != 3 || parts[1].Length == 0 || (parts[0].Length > 0 && !string.Equals(parts[0], parts[1], StringComparison.OrdinalIgnoreCase)))
        {
            Numeric(Numerics.SaslFail, "SASL authentication failed: PLAIN needs authcid and password (no other authzid)");
            return;
        }

        if (!_link.IsEncrypted && !_link.IsLoopback)
        {
            Numeric(Numerics.SaslFail, "SASL authentication failed: passwords are accepted over TLS only; connect to the IRC TLS port");
            return;
        }

        var (account, refusal) = await _chat.Accounts.SignInAsync(IrcNames.FromNick(parts[1]), parts[2], _link.Remote.Address);
        if (account is null)
        {
            Numeric(Numerics.SaslFail, "SASL authentication failed: " + refusal!.Message);
            return;
        }

        _saslAccount = account.Name;
        _saslPassword = parts[2];
        var nick = IrcNames.ToNick(account.Name);
        Numeric(Numerics.LoggedIn, $"{nick}!{UserFor(_pendingUser ?? nick)}@{_settings.Host}", nick, "You are now logged in as " + nick);
        Numeric(Numerics.SaslSuccess, "SASL authentication successful");
    }

    private void ResetSasl()
    {
        _saslStarted = false;
        _saslBuffer = null;
    }

    private async ValueTask TryRegisterAsync()
    {
        if (_registered || _registering || _negotiating || _pendingNick is null || _pendingUser is null)
        {
            return;
        }

        var password = _saslPassword ?? _password;
        if (password is not null && !_link.IsEncrypted && !_link.IsLoopback)
        {
            Numeric(Numerics.PasswdMismatch, "Passwords are accepted over TLS only; connect to the IRC TLS port");
            _link.Close(LeaveReasons.Error, ErrorLine("Passwords are accepted over TLS only"));
            return;
        }

        var name = _saslAccount ?? IrcNames.FromNick(_pendingNick);
        _registering = true;
        try
        {
            var request = new HelloRequest(name, ProtocolLimits.LatestProtocolVersion, null, NewSessionToken(),
                _link.Remote.Address, password, Register: false, _link.IsLoopback);
            var (session, account, refusal) = await _chat.HelloAsync(this, request);
            if (session is null)
            {
                RefuseRegistration(refusal!);
                return;
            }

            _account = account;
            UserName = UserFor(_pendingUser);
            _door.Directory.Add(session.Key, this);
            _registered = true;
            _logger.MemberJoined(Id, session.Name, _link.Remote, "IRC");
            SendWelcome(session);
            foreach (var (room, joinRefused) in await _chat.StartSessionAsync(session, new Dictionary<string, RoomCursor>(), account))
            {
                RefuseJoin(room, joinRefused);
            }
        }
        finally
        {
            _registering = false;
        }
    }

    private void RefuseRegistration(ChatRefusal refusal)
    {
        _logger.HelloRefused(Id, _link.Remote, refusal.Error.ToString());
        var nick = _pendingNick ?? "*";
        switch (refusal.Error)
        {
            case ChatError.Closing:
                return;
            case ChatError.UsernameTaken:
                _pendingNick = null;
                Numeric(Numerics.NicknameInUse, nick, "Nickname is already in use");
                return;
            case ChatError.InvalidUsername:
                _pendingNick = null;
                Numeric(Numerics.ErroneousNickname, nick, "Erroneous nickname: " + refusal.Message);
                return;
            case ChatError.AuthRequired:
                _pendingNick = null;
                Numeric(Numerics.NicknameInUse, nick, "Nickname is registered: sign in with SASL PLAIN or PASS, or choose another nick");
                return;
            case ChatError.AuthFailed or ChatError.TooManyAttempts or ChatError.TlsRequired:
                Numeric(Numerics.PasswdMismatch, "Password incorrect: " + refusal.Message);
                _link.Close(LeaveReasons.Error, ErrorLine(refusal.Message));
                return;
            case ChatError.NotPermitted:
                Numeric(Numerics.YoureBannedCreep, refusal.Message);
                _link.Close(LeaveReasons.Error, ErrorLine(refusal.Message));
                return;
            default:
                _link.Close(LeaveReasons.Error, ErrorLine(refusal.Message));
                return;
        }
    }

    private void SendWelcome(ChatSession session)
    {
        var nick = IrcNames.ToNick(session.Name);
        Numeric(Numerics.Welcome, $"Welcome to the {_settings.Network} IRC door, {nick}!{UserName}@{_settings.Host}");
        Numeric(Numerics.YourHost, $"Your host is {_settings.ServerName}, running version {_settings.Version}");
        Numeric(Numerics.Created, "This server was created " + _settings.Created.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        Numeric(Numerics.MyInfo, _settings.ServerName, _settings.Version, "Bi", "bn", "bo");
        SendISupport();
        SendLusers();
        SendMotd();
    }

    private void SendISupport()
    {
        string[] tokens =
        [
            "AWAYLEN=" + ProtocolLimits.MaxTopicScalars,
            "BOT=B",
            "CASEMAPPING=ascii",
            "CHANLIMIT=#:" + _settings.MaxRoomsPerConnection,
            "CHANMODES=b,,,n",
            "CHANNELLEN=33",
            "CHANTYPES=#",
            "CHATHISTORY=" + ProtocolLimits.MaxHistoryLimit,
            "ELIST=MNU",
            "KICKLEN=" + ProtocolLimits.MaxTopicScalars,
            "MODES=4",
            "MONITOR=" + MaxMonitored,
            "MSGREFTYPES=msgid,timestamp",
            "NETWORK=" + _settings.Network,
            "NICKLEN=" + ProtocolLimits.MaxUsernameLength,
            "PREFIX=(o)@",
            "TARGMAX=JOIN:,PART:,NAMES:10,WHOIS:1,KICK:4,PRIVMSG:4,NOTICE:4,LIST:",
            "TOPICLEN=" + ProtocolLimits.MaxTopicScalars,
            "UTF8ONLY",
            "WHOX",
        ];
        // At most 13 tokens a line: a reply has at most 15 parameters.
        foreach (var chunk in tokens.Chunk(12))
        {
            Numeric(Numerics.ISupport, [.. chunk, "are supported by this server"]);
        }
    }

    private void SendLusers()
    {
        var total = _chat.MemberCount;
        var invisible = _door.Directory.All.Count(c => c.Invisible);
        var users = total.ToString(CultureInfo.InvariantCulture);
        Numeric(Numerics.LUserClient, $"There are {Math.Max(0, total - invisible)} users and {invisible} invisible on 1 servers");
        Numeric(Numerics.LUserOp, "0", "operator(s) online");
        Numeric(Numerics.LUserChannels, _chat.RoomCount.ToString(CultureInfo.InvariantCulture), "channels formed");
        Numeric(Numerics.LUserMe, $"I have {users} clients and 0 servers");
        // 265/266 without their optional counts: the server keeps no record of its busiest moment.
        Numeric(Numerics.LocalUsers, $"Current local users: {users}");
        Numeric(Numerics.GlobalUsers, $"Current global users: {users}");
    }

    private void SendMotd()
    {
        Numeric(Numerics.MotdStart, $"- {_settings.ServerName} Message of the day - ");
        Numeric(Numerics.Motd, $"- Welcome to {_settings.Network}: channels are Piazza rooms, shared with Piazza's own clients.");
        Numeric(Numerics.Motd, "- Messages are kept in the room's history; /quote CHATHISTORY LATEST #room * 50 pages back.");
        Numeric(Numerics.EndOfMotd, "End of /MOTD command.");
    }

    /// <summary>The user name a mask shows for what USER gave: <c>~</c> and at most 10 plain characters.</summary>
    private static string UserFor(string given)
    {
        var clean = new string([.. given.Where(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.').Take(10)]);
        return "~" + (clean.Length == 0 ? "user" : clean);
    }

    private static string NewSessionToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18))
        .Replace('+', '-').Replace('/', '_');
}
