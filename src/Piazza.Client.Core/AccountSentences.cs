using Piazza.Protocol;

namespace Piazza.Client.Core;

/// <summary>The sentences for accounts and moderation (protocol §10, §12), one place so a front end shows them as they are.</summary>
internal static class AccountSentences
{
    /// <summary>The field a password failure belongs to.</summary>
    public const string PasswordField = PasswordRules.Field;

    /// <summary>A sign-in, registration or ban refusal of the hello.</summary>
    public static ConnectFailure Refused(string endpoint, string username, ErrorFrame error) => error.Code switch
    {
        ErrorCodes.AuthFailed => new(ConnectFailureKind.AuthFailed,
            $"Wrong name or password for '{username}' on {endpoint}.", PasswordField),
        ErrorCodes.AccountExists => new(ConnectFailureKind.AccountExists,
            $"'{username}' is already registered on {endpoint}: sign in with its password (untick Create account), or choose another name.",
            UsernameRules.Field),
        ErrorCodes.WeakPassword => new(ConnectFailureKind.WeakPassword, ServerSays(error, PasswordRules.Rule), PasswordField),
        ErrorCodes.AuthRequired => new(ConnectFailureKind.AuthRequired, error.Message?.Contains("accounts only", StringComparison.Ordinal) == true
            ? $"The server at {endpoint} admits registered accounts only: type your password, or choose Create account to register '{username}'."
            : $"The name '{username}' is registered on {endpoint}: type its password to sign in, or choose another name.", PasswordField),
        ErrorCodes.TooManyAttempts => new(ConnectFailureKind.TooManyAttempts, ServerSays(error,
            "Too many failed sign-ins; try again later.")),
        _ => new(ConnectFailureKind.Banned, ServerSays(error, $"The server at {endpoint} does not let '{username}' in.")),
    };

    /// <summary>The server's own sentence when it sent one (it says when to try again, or until when a ban lasts), else ours.</summary>
    private static string ServerSays(ErrorFrame error, string fallback) =>
        string.IsNullOrWhiteSpace(error.Message) ? fallback : error.Message;

    public const string GuestCannotChangePassword = "Only a signed-in account has a password to change; you joined as a guest.";

    public const string CurrentPasswordMissing = "Give the current password to change it.";
}
