using Piazza.Protocol;

namespace Piazza.Client.Session;

/// <summary>What a line typed in the message box asks for.</summary>
public enum CommandKind
{
    /// <summary>Not a command: text to send (<c>//</c> at the start sends one literal slash).</summary>
    Say,
    Join,
    Part,
    Msg,
    Topic,
    Who,
    Help,

    /// <summary>Opens the dialog that changes the account's password (never typed in the box).</summary>
    Password,

    /// <summary>An operator's action on someone in the room on screen; <see cref="SlashCommand.Action"/> says which.</summary>
    Moderate,

    /// <summary>A slash command that is unknown or malformed; <see cref="SlashCommand.Error"/> says so, and nothing is sent.</summary>
    Invalid,
}

/// <summary>
/// A line of the message box read as a command. Nothing that starts with <c>/</c> is ever sent as
/// text by accident: a command this client does not know is <see cref="CommandKind.Invalid"/>.
/// </summary>
/// <param name="Kind">What it asks for.</param>
/// <param name="Target">The room (<c>#dev</c>) or person (<c>@bob</c>) it names, normalised; null when none.</param>
/// <param name="Text">The text to send or the topic; null when none.</param>
/// <param name="Error">For <see cref="CommandKind.Invalid"/>: one sentence for people.</param>
/// <param name="Action">For <see cref="CommandKind.Moderate"/>: what to do (the person is <paramref name="Target"/>, the reason <paramref name="Text"/>).</param>
public sealed record SlashCommand(CommandKind Kind, string? Target = null, string? Text = null, string? Error = null,
    Piazza.Client.Core.ModerationAction? Action = null)
{
    /// <summary>Every command with what it does, for /help and the README.</summary>
    public static IReadOnlyList<(string Usage, string Meaning)> Help { get; } =
    [
        ("/join #room", "join a room; a new name creates it"),
        ("/part", "leave this room (or /part #room)"),
        ("/msg name text", "write to someone directly"),
        ("/topic text", "set this room's topic (/topic alone shows it)"),
        ("/who", "list who is in this room"),
        ("/password", "change your account's password"),
        ("/kick name reason", "operators: remove someone from this room"),
        ("/ban name reason", "operators: keep someone out of this room (/unban name lifts it)"),
        ("/mute name reason", "operators: stop someone speaking here (/unmute name)"),
        ("/op name", "operators: make an account an operator here (/deop name)"),
        ("/help", "this list"),
        ("//text", "send a message that starts with a slash"),
    ];

    public static SlashCommand Parse(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var line = input.TrimStart();
        if (!line.StartsWith('/'))
        {
            return new(CommandKind.Say, Text: input);
        }

        if (line.StartsWith("//", StringComparison.Ordinal))
        {
            return new(CommandKind.Say, Text: line[1..]);
        }

        var end = 1;
        while (end < line.Length && !char.IsWhiteSpace(line[end]))
        {
            end++;
        }

        var name = line[1..end].ToLowerInvariant();
        var rest = line[end..].Trim();
        return name switch
        {
            "join" or "j" => Join(rest),
            "part" or "leave" => Part(rest),
            "msg" or "query" => Msg(rest),
            "topic" => new(CommandKind.Topic, Text: rest.Length == 0 ? null : rest),
            "who" or "names" when rest.Length == 0 => new(CommandKind.Who),
            "help" or "?" when rest.Length == 0 => new(CommandKind.Help),
            "password" when rest.Length == 0 => new(CommandKind.Password),
            "who" or "names" or "help" or "?" => Invalid($"/{name} takes nothing after it."),
            "password" => Invalid("/password takes nothing after it: it opens a form, so no password shows in the message box."),
            "kick" or "ban" or "unban" or "mute" or "unmute" or "op" or "deop" => Moderate(name, rest),
            "" => Invalid("A command name goes after the /; /help lists the commands, and // starts a message with a slash."),
            _ when !name.All(char.IsAsciiLetterOrDigit) =>
                Invalid("That is not a command; /help lists the commands, and // starts a message with a slash."),
            _ => Invalid($"Unknown command /{Shown(name)}; /help lists the commands, and // starts a message with a slash."),
        };
    }

    private static SlashCommand Join(string rest)
    {
        if (rest.Length == 0)
        {
            return Invalid("Name the room to join: /join #room.");
        }

        var room = rest.StartsWith('#') || rest.StartsWith('@') ? rest : "#" + rest;
        var verdict = RoomNameRules.ValidateAddress(room);
        return verdict.IsValid ? new(CommandKind.Join, RoomNameRules.Normalize(room)) : Invalid(verdict.Message!);
    }

    private static SlashCommand Part(string rest)
    {
        if (rest.Length == 0)
        {
            return new(CommandKind.Part);
        }

        var room = rest.StartsWith('#') || rest.StartsWith('@') ? rest : "#" + rest;
        var verdict = RoomNameRules.ValidateAddress(room);
        return verdict.IsValid ? new(CommandKind.Part, RoomNameRules.Normalize(room)) : Invalid(verdict.Message!);
    }

    private static SlashCommand Msg(string rest)
    {
        var space = 0;
        while (space < rest.Length && !char.IsWhiteSpace(rest[space]))
        {
            space++;
        }

        var name = rest[..space].TrimStart('@');
        var text = rest[space..].Trim();
        if (name.Length == 0 || text.Length == 0)
        {
            return Invalid("Name the person and the message: /msg name text.");
        }

        var user = UsernameRules.Validate(name);
        return user.IsValid ? new(CommandKind.Msg, RoomNameRules.Normalize("@" + name), text) : Invalid(user.Message!);
    }

    private static SlashCommand Moderate(string name, string rest)
    {
        var space = 0;
        while (space < rest.Length && !char.IsWhiteSpace(rest[space]))
        {
            space++;
        }

        var user = rest[..space].TrimStart('@');
        var reason = rest[space..].Trim();
        if (user.Length == 0)
        {
            return Invalid($"Name the person: /{name} name{(name is "kick" or "ban" or "mute" ? " reason" : "")}.");
        }

        var verdict = UsernameRules.Validate(user);
        var action = Enum.Parse<Piazza.Client.Core.ModerationAction>(name, ignoreCase: true);
        return verdict.IsValid
            ? new(CommandKind.Moderate, user, reason.Length == 0 ? null : reason, Action: action)
            : Invalid(verdict.Message!);
    }

    /// <summary>A command name as typed (letters and digits only), cut short.</summary>
    private static string Shown(string name) => name.Length > 20 ? name[..20] + "…" : name;

    private static SlashCommand Invalid(string error) => new(CommandKind.Invalid, Error: error);
}
