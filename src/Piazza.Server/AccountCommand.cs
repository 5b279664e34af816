using System.CommandLine;
using System.Text;
using Piazza.Protocol;
using Piazza.Server.Accounts;
using Piazza.Server.Hosting;
using Piazza.Store;

namespace Piazza.Server;

/// <summary>
/// <c>piazza-server account reset-password NAME</c> and <c>piazza-server account create NAME</c>:
/// a server operator's way to set a password, on the database in the data directory, with the new
/// password read from standard input (never from the command line, where other users of the
/// machine could read it). Works while the server runs. Exit 0 when done, 2 with one sentence when not.
/// </summary>
internal static class AccountCommand
{
    public const int Done = 0;
    public const int Refused = 2;

    public static readonly Argument<string> Name = new("name") { Description = "The account's username." };

    public static readonly Command ResetPassword = new("reset-password",
        "Sets a new password for an account; the password is read from standard input (one line).")
    {
        Name,
    };

    public static readonly Command CreateAccount = new("create",
        "Registers an account (a server operator's, for example); the password is read from standard input (one line).")
    {
        Name,
    };

    public static Command Create() => new("account", "Manages accounts in the data directory's database.")
    {
        ResetPassword,
        CreateAccount,
    };

    /// <summary>True when the parse chose one of the account commands.</summary>
    public static bool IsChosen(ParseResult parse) =>
        parse.CommandResult.Command == ResetPassword || parse.CommandResult.Command == CreateAccount;

    public static async Task<int> RunAsync(ParseResult parse, TextReader input, TextWriter output, TextWriter error)
    {
        var create = parse.CommandResult.Command == CreateAccount;
        var name = parse.GetValue(Name) ?? "";
        var verdict = UsernameRules.Validate(name);
        if (!verdict.IsValid)
        {
            return await FailAsync(error, verdict.Message!);
        }

        var password = await ReadPasswordAsync(input, error, name);
        var rules = PasswordRules.Validate(password);
        if (!rules.IsValid)
        {
            return await FailAsync(error, rules.Message!);
        }

        var directory = parse.GetValue(ServerCommand.DataDir) ?? DataDirectory.Default();
        var path = Path.Combine(directory, StoreFactory.DatabaseFile);
        if (!create && !File.Exists(path))
        {
            return await FailAsync(error, $"There is no database in {directory}, so no account '{name}'; check --data-dir.");
        }

        await using var store = new SqliteStore(new SqliteStoreOptions(path));
        try
        {
            await store.OpenAsync();
            var account = await store.FindAccountAsync(name);
            if (create)
            {
                if (account is not null)
                {
                    return await FailAsync(error, $"'{account.Name}' is already registered in {path}; use 'account reset-password' to give it a new password.");
                }

                var now = DateTimeOffset.UtcNow;
                if (!await store.CreateAccountAsync(new Account(name, PasswordHasher.Hash(password!), now, now)))
                {
                    return await FailAsync(error, $"'{name}' was registered meanwhile; use 'account reset-password'.");
                }

                await output.WriteLineAsync($"Registered '{name}' in {path}.");
                return Done;
            }

            if (account is null)
            {
                return await FailAsync(error, $"There is no account '{name}' in {path}.");
            }

            await store.SetPasswordHashAsync(account.Name, PasswordHasher.Hash(password!));
            await output.WriteLineAsync($"The password of '{account.Name}' is changed; it is needed from the next sign-in on.");
            return Done;
        }
        catch (StoreOpenException ex)
        {
            return await FailAsync(error, ex.Message);
        }
        catch (StoreUnavailableException ex)
        {
            return await FailAsync(error, $"The database cannot be written right now ({ex.Message}); try again.");
        }
    }

    /// <summary>One line from standard input; at a terminal, asked for and read without echo.</summary>
    private static async Task<string?> ReadPasswordAsync(TextReader input, TextWriter error, string name)
    {
        if (!ReferenceEquals(input, Console.In) || Console.IsInputRedirected)
        {
            return await input.ReadLineAsync();
        }

        await error.WriteAsync($"New password for {name}: ");
        var typed = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }

        await error.WriteLineAsync();
        return typed.ToString();
    }

    private static async Task<int> FailAsync(TextWriter error, string message)
    {
        await error.WriteLineAsync($"piazza-server: {message}");
        return Refused;
    }
}
