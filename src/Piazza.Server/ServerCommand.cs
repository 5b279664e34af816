using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Piazza.Protocol;
using Piazza.Store;
using Piazza.Store.Redis;

namespace Piazza.Server;

/// <summary>
/// The command line: every option of <see cref="ServerOptions"/>, its default and its rule. Bad
/// values are refused with a sentence that names the option and the rule.
/// </summary>
internal static class ServerCommand
{
    public static readonly Option<string> Host = new("--host")
    {
        Description = "Address or host name to listen on (0.0.0.0 for every IPv4 interface).",
        DefaultValueFactory = _ => "127.0.0.1",
        HelpName = "address",
        CustomParser = result =>
        {
            var host = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            var verdict = EndpointRules.ValidateHost(host);
            if (!verdict.IsValid)
            {
                result.AddError($"--host: {verdict.Message}");
            }

            return host;
        },
    };

    public static readonly Option<int> Port = Count("--port", 5000, "TCP port to listen on.", minimum: 1, maximum: 65535);

    public static readonly Option<int> MaxConnections = Count("--max-connections", 10_000, "Open connections in all.");

    public static readonly Option<int> MaxConnectionsPerIp =
        Count("--max-connections-per-ip", 64, "Open connections per remote address (loopback is exempt).");

    public static readonly Option<double> RateBurst =
        Number("--rate-burst", 10, "Frames a client may send at once before flood control slows it.", "a number of at least 1", v => v >= 1);

    public static readonly Option<double> RatePerSecond =
        Number("--rate-per-second", 5, "Frames per second a client earns back.", "a number greater than 0", v => v > 0);

    public static readonly Option<int> SendQueueBytes =
        Count("--sendq-bytes", 1_048_576, "Bytes that may wait for one client before it is evicted as too slow.", minimum: 1024);

    public static readonly Option<double> PingInterval =
        Seconds("--ping-interval", 20, "Seconds of silence after which the server pings a client.");

    public static readonly Option<double> Timeout =
        Seconds("--timeout", 60, "Seconds of silence after which a client is dropped (reason timeout); longer than --ping-interval.");

    public static readonly Option<double> HelloTimeout =
        Seconds("--hello-timeout", 15, "Seconds a new connection has to join.");

    public static readonly Option<int> History =
        Count("--history", 50, "Recent messages replayed to a newcomer (0 for none).", minimum: 0);

    public static readonly Option<double> SendTimeout =
        Seconds("--send-timeout", 30, "Seconds a client's socket may accept nothing before it is evicted as too slow.");

    public static readonly Option<double> ShutdownGrace =
        Seconds("--shutdown-grace", 1, "Seconds writers may flush on shutdown before connections are cut (at most 1.5, so the server stops within 2 s).", maximum: 1.5);

    public static readonly Option<string> Store = new("--store")
    {
        Description = "Where history is kept: sqlite (a file in the data directory, survives restarts), memory (lost at every restart), or redis://[:password@]host:port (rediss:// for TLS), shared by several nodes.",
        DefaultValueFactory = _ => StoreNames.Sqlite,
        HelpName = "kind",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (RedisAddress.IsRedisUrl(text.Trim()))
            {
                // A URL keeps its spelling: a password is case-sensitive.
                if (!RedisAddress.TryParse(text.Trim(), out _, out var error))
                {
                    result.AddError(error!);
                }

                return text.Trim();
            }

            var value = text.Trim().ToLowerInvariant();
            if (value is not (StoreNames.Sqlite or StoreNames.Memory))
            {
                result.AddError($"--store must be sqlite, memory or a Redis URL such as redis://host:6379 ('{text}' is not).");
            }

            return value;
        },
    };

    public static readonly Option<string?> DataDir = new("--data-dir")
    {
        Recursive = true,
        Description = $"Where the database lives; default ${DataDirectory.Variable}, else the per-user data folder (~/.local/share/piazza on Linux).",
        HelpName = "path",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (string.IsNullOrWhiteSpace(text))
            {
                result.AddError("--data-dir must name a directory (it is created if missing).");
            }

            return text;
        },
    };

    public static readonly Option<SyncMode> Sync = new("--sync")
    {
        Description = "How durable a commit is: full survives a power loss, normal survives a crash of the process (faster).",
        DefaultValueFactory = _ => SyncMode.Full,
        HelpName = "mode",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            switch (text.Trim().ToLowerInvariant())
            {
                case "full":
                    return SyncMode.Full;
                case "normal":
                    return SyncMode.Normal;
                default:
                    result.AddError($"--sync must be full or normal ('{text}' is not).");
                    return SyncMode.Full;
            }
        },
    };

    public static readonly Option<int> RetentionDays =
        Count("--retention-days", 0, "Events older than this many days are removed (0 keeps everything).", minimum: 0);

    public static readonly Option<int> RetentionEvents =
        Count("--retention-events", 0, "Events each room keeps at most, oldest removed first (0 keeps everything).", minimum: 0);

    public static readonly Option<int> ReplayMax =
        Count("--replay-max", 1000, "Events replayed at most to a client catching up from its cursor; beyond it the client pages back with history.");

    public static readonly Option<string> DefaultRoom = new("--default-room")
    {
        Description = "The room version 1 clients join, and version 2 clients that name no room.",
        DefaultValueFactory = _ => "#piazza",
        HelpName = "room",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            var verdict = RoomNameRules.Validate(text);
            if (!verdict.IsValid)
            {
                result.AddError($"--default-room: {verdict.Message}");
                return text;
            }

            return RoomNameRules.Normalize(text);
        },
    };

    public static readonly Option<int> MaxRoomsPerConnection =
        Count("--max-rooms-per-connection", 100, "Rooms one connection may be in at once.");

    public static readonly Option<int> MaxRooms =
        Count("--max-rooms", 10_000, "Rooms the server holds; joining a new name beyond it is refused (too_many_rooms).");

    public static readonly Option<string> Guests = new("--guests")
    {
        Description = "Whether unregistered names may join as guests: allow, or deny (registered accounts only).",
        DefaultValueFactory = _ => "allow",
        HelpName = "allow|deny",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            var value = text.Trim().ToLowerInvariant();
            if (value is not ("allow" or "deny"))
            {
                result.AddError($"--guests must be allow or deny ('{text}' is not).");
            }

            return value;
        },
    };

    public static readonly Option<string[]> Admins = new("--admins")
    {
        Description = "Accounts that are server operators, comma-separated (alice,bob). Register them first, from this machine or with 'account create'.",
        DefaultValueFactory = _ => [],
        HelpName = "names",
        CustomParser = result =>
        {
            var names = result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.TrimEntries)).ToArray();
            foreach (var name in names)
            {
                var verdict = UsernameRules.Validate(name);
                if (!verdict.IsValid)
                {
                    result.AddError($"--admins: '{name}' is not a username. {verdict.Message}");
                }
            }

            return names.Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        },
    };

    public static readonly Option<int> SignInBurst =
        Count("--signin-burst", 10, "Failed sign-ins (and registrations) an address, or an account, may make before it is throttled.");

    public static readonly Option<double> SignInInterval =
        Seconds("--signin-interval", 30, "Seconds it takes a throttled address or account to earn one more sign-in attempt.");

    public static readonly Option<int> HashThreads =
        Count("--hash-threads", ServerOptions.DefaultHashThreads, "Password hashes computed at once, on their own threads (default: half the processors).", maximum: 64);

    public static readonly Option<int> HashQueue =
        Count("--hash-queue", 256, "Sign-ins that may wait for a hashing thread; more are refused at once (too_many_attempts).");

    public static readonly Option<int> MaxSessionsPerAccount =
        Count("--max-sessions-per-account", 16, "Sessions (devices) one account may have open at once.");

    public static readonly Option<string> Tls = new("--tls")
    {
        Description = "off, or self-signed: make a certificate on first start, keep it in the data directory (tls-self-signed.pem) and log its SHA-256 fingerprint. For a real certificate give --tls-cert and --tls-key instead.",
        DefaultValueFactory = _ => "off",
        HelpName = "off|self-signed",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            var value = text.Trim().ToLowerInvariant();
            if (value is not ("off" or "self-signed"))
            {
                result.AddError($"--tls must be off or self-signed ('{text}' is not); for a certificate from files use --tls-cert and --tls-key.");
            }

            return value;
        },
    };

    public static readonly Option<string?> TlsCert = PemFile("--tls-cert",
        "PEM file with the TLS certificate, then any intermediate certificates; needs --tls-key. Without --tls-port, --port then speaks TLS.",
        "the PEM file holding the certificate");

    public static readonly Option<string?> TlsKey = PemFile("--tls-key",
        "PEM file with the certificate's private key (RSA or ECDSA, not encrypted); needs --tls-cert.",
        "the PEM file holding the private key");

    public static readonly Option<int?> TlsPort = new("--tls-port")
    {
        Description = "A second port that speaks TLS while --port stays plain text. Default: none (with TLS on, --port itself speaks TLS).",
        HelpName = "n",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value is < 1 or > 65535)
            {
                result.AddError($"--tls-port must be a whole number from 1 to 65535 ('{text}' is not).");
            }

            return value;
        },
    };

    public static readonly Option<int?> IrcPort = PortOption("--irc-port",
        "A port that speaks IRC (irssi, WeeChat, HexChat...) into the same rooms. Default: none.");

    public static readonly Option<int?> IrcTlsPort = PortOption("--irc-tls-port",
        "A port that speaks IRC over TLS, with the certificate of --tls / --tls-cert. Default: none.");

    public static readonly Option<string> IrcServerName = new("--irc-server-name")
    {
        Description = "The server name IRC clients see in prefixes and numerics (letters, digits, - and ., with a dot).",
        DefaultValueFactory = _ => "piazza.irc",
        HelpName = "name",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (text.Length is 0 or > 63 || !text.Contains('.', StringComparison.Ordinal) || text.StartsWith('.') || text.EndsWith('.')
                || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
            {
                result.AddError($"--irc-server-name must be 1-63 letters, digits, - and . with a dot inside ('{text}' is not).");
            }

            return text;
        },
    };

    public static readonly Option<LogLevel> LogLevelOption = new("--log-level")
    {
        Description = "Least important log level shown: Trace, Debug, Information, Warning, Error, Critical, None. Message text is logged only at Debug and below.",
        DefaultValueFactory = _ => LogLevel.Information,
        HelpName = "level",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (!Enum.TryParse<LogLevel>(text, ignoreCase: true, out var level) || !Enum.IsDefined(level) || int.TryParse(text, out _))
            {
                result.AddError($"--log-level must be Trace, Debug, Information, Warning, Error, Critical or None ('{text}' is not).");
            }

            return level;
        },
    };

    public static RootCommand Create()
    {
        var root = new RootCommand("Piazza chat server: rooms, direct messages and a history that survives restarts.")
        {
            Host, Port, MaxConnections, MaxConnectionsPerIp, RateBurst, RatePerSecond, SendQueueBytes,
            PingInterval, Timeout, HelloTimeout, History, SendTimeout, ShutdownGrace,
            Store, DataDir, Sync, RetentionDays, RetentionEvents, ReplayMax, DefaultRoom, MaxRoomsPerConnection, MaxRooms,
            Guests, Admins, SignInBurst, SignInInterval, HashThreads, HashQueue, MaxSessionsPerAccount,
            Tls, TlsCert, TlsKey, TlsPort, IrcPort, IrcTlsPort, IrcServerName,
            LogLevelOption,
        };
        root.Subcommands.Add(AccountCommand.Create());
        OperationsOptions.AddTo(root);

        // The server itself is run by Program; the action only tells the parser that the root
        // command needs no subcommand.
        root.SetAction(_ => 0);
        return root;
    }

    /// <summary>Rules that involve more than one option; null when the options agree.</summary>
    public static string? CheckCombination(ServerOptions options) =>
        options.Timeout <= options.PingInterval
            ? $"--timeout ({Format(options.Timeout.TotalSeconds)} s) must be longer than --ping-interval ({Format(options.PingInterval.TotalSeconds)} s), or live clients would be dropped before they are pinged."
            : Hosting.TlsSetup.CheckOptions(options);

    public static ServerOptions Bind(ParseResult parse) => new()
    {
        Host = parse.GetValue(Host)!,
        Port = parse.GetValue(Port),
        MaxConnections = parse.GetValue(MaxConnections),
        MaxConnectionsPerIp = parse.GetValue(MaxConnectionsPerIp),
        RateBurst = parse.GetValue(RateBurst),
        RatePerSecond = parse.GetValue(RatePerSecond),
        SendQueueBytes = parse.GetValue(SendQueueBytes),
        PingInterval = TimeSpan.FromSeconds(parse.GetValue(PingInterval)),
        Timeout = TimeSpan.FromSeconds(parse.GetValue(Timeout)),
        HelloTimeout = TimeSpan.FromSeconds(parse.GetValue(HelloTimeout)),
        History = parse.GetValue(History),
        SendTimeout = TimeSpan.FromSeconds(parse.GetValue(SendTimeout)),
        ShutdownGrace = TimeSpan.FromSeconds(parse.GetValue(ShutdownGrace)),
        Store = parse.GetValue(Store)!,
        DataDir = parse.GetValue(DataDir),
        Sync = parse.GetValue(Sync),
        RetentionDays = parse.GetValue(RetentionDays),
        RetentionEvents = parse.GetValue(RetentionEvents),
        ReplayMax = parse.GetValue(ReplayMax),
        DefaultRoom = parse.GetValue(DefaultRoom)!,
        MaxRoomsPerConnection = parse.GetValue(MaxRoomsPerConnection),
        MaxRooms = parse.GetValue(MaxRooms),
        GuestsAllowed = parse.GetValue(Guests) != "deny",
        Admins = parse.GetValue(Admins) ?? [],
        SignInBurst = parse.GetValue(SignInBurst),
        SignInInterval = TimeSpan.FromSeconds(parse.GetValue(SignInInterval)),
        HashThreads = parse.GetValue(HashThreads),
        HashQueue = parse.GetValue(HashQueue),
        MaxSessionsPerAccount = parse.GetValue(MaxSessionsPerAccount),
        TlsSelfSigned = parse.GetValue(Tls) == "self-signed",
        TlsCertFile = parse.GetValue(TlsCert),
        TlsKeyFile = parse.GetValue(TlsKey),
        TlsPort = parse.GetValue(TlsPort),
        IrcPort = parse.GetValue(IrcPort),
        IrcTlsPort = parse.GetValue(IrcTlsPort),
        IrcServerName = parse.GetValue(IrcServerName)!,
    };

    private static Option<int?> PortOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "n",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value is < 1 or > 65535)
            {
                result.AddError($"{name} must be a whole number from 1 to 65535 ('{text}' is not).");
            }

            return value;
        },
    };

    private static Option<string?> PemFile(string name, string description, string what) => new(name)
    {
        Description = description,
        HelpName = "file",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (string.IsNullOrWhiteSpace(text))
            {
                result.AddError($"{name} must name {what}.");
            }

            return text;
        },
    };

    private static Option<int> Count(string name, int defaultValue, string description, int minimum = 1, int maximum = int.MaxValue)
    {
        var rule = maximum == int.MaxValue ? $"a whole number of at least {minimum}" : $"a whole number from {minimum} to {maximum}";
        return new Option<int>(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            HelpName = "n",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                    || value < minimum || value > maximum)
                {
                    result.AddError($"{name} must be {rule} ('{text}' is not).");
                }

                return value;
            },
        };
    }

    private static Option<double> Number(string name, double defaultValue, string description, string rule, Func<double, bool> isValid) =>
        new(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            HelpName = "n",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                    || !double.IsFinite(value) || !isValid(value))
                {
                    result.AddError($"{name} must be {rule} ('{text}' is not).");
                }

                return value;
            },
        };

    private static Option<double> Seconds(string name, double defaultValue, string description, double maximum = 86_400)
    {
        var option = Number(name, defaultValue, description + " Decimals allowed.",
            $"a number of seconds greater than 0 and at most {Format(maximum)}", v => v > 0 && v <= maximum);
        option.HelpName = "seconds";
        return option;
    }

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
