using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Piazza.Protocol;
using Piazza.Server.Chat;
using Piazza.Store;

namespace Piazza.Server.Accounts;

/// <summary>
/// Registration, sign-in and password changes: the password rules, the throttle (per address and
/// per account), the hashing (on the <see cref="HashPool"/>, never on the caller's thread) and the
/// account store. Refusals are <see cref="ChatRefusal"/>s; passwords appear in none of them and in
/// no log line.
/// </summary>
internal sealed class AccountService : IDisposable
{
    private readonly IAccountStore _store;
    private readonly HashPool _pool;
    private readonly AttemptTable _byAddress;
    private readonly AttemptTable _byAccount;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public AccountService(IAccountStore store, AccountOptions options, TimeProvider time, ILogger logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
        _pool = new HashPool(options.HashThreads, options.HashQueue);
        _byAddress = new AttemptTable(options.SignInBurst, options.SignInInterval, options.MaxThrottledKeys, time);
        _byAccount = new AttemptTable(options.SignInBurst, options.SignInInterval, options.MaxThrottledKeys, time);
    }

    public IAccountStore Store => _store;

    /// <summary>Addresses the throttle holds now (tests of the bound).</summary>
    internal int ThrottledAddresses => _byAddress.Count;

    public static ChatRefusal AuthFailed { get; } = new(ChatError.AuthFailed, "Wrong name or password.");

    private static ChatRefusal Busy { get; } = new(ChatError.TooManyAttempts,
        "The server is busy checking passwords; try again in a few seconds.");

    /// <summary>Checks a password; the account on success. Unknown names and wrong passwords get the same refusal, after the same work.</summary>
    /// <exception cref="StoreUnavailableException">The account store cannot be read.</exception>
    public async Task<(Account? Account, ChatRefusal? Refusal)> SignInAsync(string name, string password, IPAddress? address)
    {
        var from = AddressKey(address);
        if (!_byAddress.TryTake(from, out var wait))
        {
            return (null, TooManyFromAddress(wait));
        }

        var account = await _store.FindAccountAsync(name);
        var key = name.ToLowerInvariant();
        if (account is not null && !_byAccount.TryTake(key, out wait))
        {
            _byAddress.Refund(from);
            return (null, TooManyForAccount(account.Name, wait));
        }

        var stored = account?.PasswordHash;
        var check = _pool.TryRun(() => stored is null ? PasswordHasher.VerifyDecoy(password) : PasswordHasher.Verify(stored, password));
        if (check is null)
        {
            _byAddress.Refund(from);
            if (account is not null)
            {
                _byAccount.Refund(key);
            }

            return (null, Busy);
        }

        if (!await check)
        {
            _logger.SignInFailed(name, address);
            Hosting.ServerMetrics.SignInFailures.Add(1, new KeyValuePair<string, object?>("reason", "wrong_password"));
            return (null, AuthFailed);
        }

        _byAddress.Refund(from);
        _byAccount.Refund(key);
        if (PasswordHasher.NeedsRehash(stored!))
        {
            // Hashed with older parameters: replaced with today's while the password is at hand.
            _ = RehashAsync(account!.Name, password);
        }

        return (account, null);
    }

    /// <summary>Creates an account. The caller holds the name (no one else can take it meanwhile).</summary>
    /// <exception cref="StoreUnavailableException">The account store cannot be read or written.</exception>
    public async Task<(Account? Account, ChatRefusal? Refusal)> RegisterAsync(string name, string password, IPAddress? address)
    {
        var verdict = PasswordRules.Validate(password);
        if (!verdict.IsValid)
        {
            return (null, new ChatRefusal(ChatError.WeakPassword, verdict.Message!));
        }

        // A registration costs a hash and makes an account: it takes an attempt from the address for good.
        if (!_byAddress.TryTake(AddressKey(address), out var wait))
        {
            return (null, TooManyFromAddress(wait));
        }

        if (await _store.FindAccountAsync(name) is not null)
        {
            return (null, Exists(name));
        }

        var hashing = _pool.TryRun(() => PasswordHasher.Hash(password));
        if (hashing is null)
        {
            _byAddress.Refund(AddressKey(address));
            return (null, Busy);
        }

        var now = _time.GetUtcNow();
        var account = new Account(name, await hashing, now, now);
        if (!await _store.CreateAccountAsync(account))
        {
            return (null, Exists(name));
        }

        _logger.AccountRegistered(name, address);
        return (account, null);
    }

    /// <summary>Replaces a signed-in account's password, after checking the current one (throttled as a sign-in is).</summary>
    /// <exception cref="StoreUnavailableException">The account store cannot be read or written.</exception>
    public async Task<ChatRefusal?> ChangePasswordAsync(string name, string current, string next, IPAddress? address)
    {
        var verdict = PasswordRules.Validate(next);
        if (!verdict.IsValid)
        {
            return new ChatRefusal(ChatError.WeakPassword, verdict.Message!);
        }

        var (account, refusal) = await SignInAsync(name, current, address);
        if (account is null)
        {
            return refusal;
        }

        var hashing = _pool.TryRun(() => PasswordHasher.Hash(next));
        if (hashing is null)
        {
            return Busy;
        }

        if (!await _store.SetPasswordHashAsync(account.Name, await hashing))
        {
            return AuthFailed;
        }

        _logger.PasswordChanged(account.Name, address);
        return null;
    }

    /// <summary>True when <paramref name="name"/> is a registered account.</summary>
    /// <exception cref="StoreUnavailableException">The account store cannot be read.</exception>
    public async Task<bool> IsRegisteredAsync(string name) => await _store.FindAccountAsync(name) is not null;

    public void Dispose() => _pool.Dispose();

    private async Task RehashAsync(string name, string password)
    {
        try
        {
            if (_pool.TryRun(() => PasswordHasher.Hash(password)) is { } hashing)
            {
                await _store.SetPasswordHashAsync(name, await hashing);
            }
        }
        catch (StoreUnavailableException)
        {
            // Tried again at the next sign-in.
        }
    }

    private static string AddressKey(IPAddress? address) => address?.ToString() ?? "unknown";

    private static ChatRefusal Exists(string name) => new(ChatError.AccountExists,
        $"The name '{name}' is already registered: sign in with its password, or register another name.");

    private ChatRefusal TooManyFromAddress(TimeSpan wait)
    {
        _logger.SignInThrottled("address", Seconds(wait));
        Hosting.ServerMetrics.SignInFailures.Add(1, new KeyValuePair<string, object?>("reason", "throttled"));
        return new(ChatError.TooManyAttempts, $"Too many failed sign-ins from your address; try again in {Seconds(wait)} s.");
    }

    private ChatRefusal TooManyForAccount(string name, TimeSpan wait)
    {
        _logger.SignInThrottled(name, Seconds(wait));
        Hosting.ServerMetrics.SignInFailures.Add(1, new KeyValuePair<string, object?>("reason", "throttled"));
        return new(ChatError.TooManyAttempts, $"Too many failed sign-ins for '{name}'; try again in {Seconds(wait)} s.");
    }

    private static string Seconds(TimeSpan wait) =>
        Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
