namespace Piazza.Server.Accounts;

/// <summary>How accounts are checked and throttled, from the server's options.</summary>
/// <param name="SignInBurst">Failed sign-ins (and registrations) an address, or an account, may make at once.</param>
/// <param name="SignInInterval">How long it takes to earn one attempt back.</param>
/// <param name="HashThreads">Password hashes computed at once, on dedicated threads.</param>
/// <param name="HashQueue">Hashes that may wait for a thread; beyond it a sign-in is refused at once.</param>
/// <param name="MaxThrottledKeys">Addresses (and, apart, accounts) remembered by the throttle at most.</param>
internal sealed record AccountOptions(int SignInBurst, TimeSpan SignInInterval, int HashThreads, int HashQueue, int MaxThrottledKeys = 100_000);
