using System.Security.Cryptography;
using System.Text;

namespace Piazza.Client.Hosting;

/// <summary>
/// The secret in the launch URL. Another local user can reach 127.0.0.1 too; only whoever holds
/// the token (in the URL printed to this user's terminal, or the cookie it sets) can drive this client.
/// </summary>
public sealed class AccessToken
{
    public const string QueryName = "token";

    public string Value { get; } = RandomNumberGenerator.GetHexString(48, lowercase: true);

    /// <summary>
    /// Cookies are per host, not per port: the port in the name keeps two clients on 127.0.0.1
    /// from overwriting each other's cookie in the same browser.
    /// </summary>
    public string CookieName { get; private set; } = CookieNameFor(0);

    public static string CookieNameFor(int port) =>
        "piazza-token-" + port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal void BindToPort(int port) => CookieName = CookieNameFor(port);

    public bool Matches(string? candidate)
    {
        if (string.IsNullOrEmpty(candidate))
        {
            return false;
        }

        // Fixed-time comparison: the answer's timing says nothing about how much of a guess was right.
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), Encoding.UTF8.GetBytes(Value));
    }
}
