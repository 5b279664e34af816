using Piazza.Protocol;

namespace Piazza.Client.Core;

public sealed partial class ChatClient
{
    /// <summary>
    /// Changes the signed-in account's password (protocol §10); completes when the server confirms.
    /// Reconnects then sign in with the new one. The account's other sessions stay signed in.
    /// </summary>
    /// <exception cref="ChatRequestException">
    /// The new password breaks the rules (<c>weak_password</c>, checked here first), the current one
    /// is wrong (<c>auth_failed</c>), too many attempts (<c>too_many_attempts</c>), the client joined
    /// as a guest (<c>not_permitted</c>), or it is not connected.
    /// </exception>
    public async Task ChangePasswordAsync(string currentPassword, string newPassword, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(currentPassword);
        ArgumentNullException.ThrowIfNull(newPassword);
        if (currentPassword.Length == 0)
        {
            throw new ChatRequestException(ErrorCodes.AuthFailed, AccountSentences.CurrentPasswordMissing);
        }

        var verdict = PasswordRules.Validate(newPassword);
        if (!verdict.IsValid)
        {
            throw new ChatRequestException(verdict.Code ?? ErrorCodes.WeakPassword, verdict.Message!);
        }

        Session session;
        Task answer;
        lock (_gate)
        {
            session = LiveSessionLocked();
            if (!session.Welcome.Account)
            {
                throw new ChatRequestException(ErrorCodes.NotPermitted, AccountSentences.GuestCannotChangePassword);
            }

            answer = SendPlainLocked(session, new PasswordFrame(currentPassword, newPassword));
        }

        await answer.WaitAsync(ct);
        lock (_gate)
        {
            // From now on a reconnect signs in with the new password.
            session.Options = session.Options with { Password = newPassword };
        }
    }

    /// <summary>The server confirmed a password change: the oldest such request out is done.</summary>
    private static void HandlePasswordLocked(Session session)
    {
        if (session.PlainWaiters.TryPeek(out var waiter) && waiter.Frame is PasswordFrame)
        {
            session.PlainWaiters.Dequeue().Answer.TrySetResult();
        }
    }
}
