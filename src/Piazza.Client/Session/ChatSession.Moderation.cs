using Piazza.Client.Core;
using Piazza.Protocol;

namespace Piazza.Client.Session;

/// <summary>What an account and an operator can do: change the password, moderate.</summary>
public sealed partial class ChatSession
{
    /// <summary>Whether you may moderate <paramref name="view"/>: a server operator, or one of the room's operators.</summary>
    public bool CanModerate(RoomView? view) =>
        view is { IsDirect: false } && Me is not null && (IsAdmin || view.IsOperator(Me));

    /// <summary>Changes the account's password; returns why not, or null once the server confirmed it.</summary>
    public async Task<string?> ChangePasswordAsync(string current, string replacement)
    {
        if (_client is not { } client)
        {
            return "Not connected to a server.";
        }

        try
        {
            await client.ChangePasswordAsync(current, replacement, _disposed.Token);
        }
        catch (ChatRequestException ex)
        {
            Log.PasswordChangeFailed(_logger, ex.Code);
            return ex.Code == ErrorCodes.AuthFailed && current.Length > 0 ? "The current password is wrong." : ex.Message;
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        // A later "Reconnect" signs in with the new one; the form keeps it for this page only.
        if (_lastOptions is { } last)
        {
            _lastOptions = last with { Password = replacement };
        }

        Form.Set(PasswordRules.Field, replacement);
        Inform("Your password was changed. Your other devices stay signed in.");
        return null;
    }

    /// <summary>Asks the server for a moderation action; returns why not, or null once done (the room shows it).</summary>
    public async Task<string?> ModerateAsync(ModerationCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (_client is not { } client)
        {
            return "Not connected to a server.";
        }

        try
        {
            await client.ModerateAsync(command, _disposed.Token);
            return null;
        }
        catch (ChatRequestException ex)
        {
            Log.ModerationFailed(_logger, ex.Message);
            return ex.Message;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>A moderation command typed in the message box, on the room on screen.</summary>
    private async Task<string?> ModerateFromBoxAsync(SlashCommand command)
    {
        if (Current is not { IsDirect: false } room)
        {
            return "Moderation acts on rooms: open the room first.";
        }

        return await ModerateAsync(new ModerationCommand
        {
            Action = command.Action!.Value,
            Room = room.Name,
            User = command.Target,
            Reason = command.Text,
        });
    }
}
