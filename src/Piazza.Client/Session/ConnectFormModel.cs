using System.Globalization;
using Piazza.Client.Settings;
using Piazza.Protocol;

namespace Piazza.Client.Session;

/// <summary>
/// What the person typed in the connect form, checked with the same rules the library and server
/// use. Lives in the session so the values survive a failed attempt and a return to the form.
/// </summary>
public sealed class ConnectFormModel
{
    public const string HostHint = "An IP address such as 127.0.0.1 or a name such as chat.example.org.";
    public const string PortHint = "A whole number from 1 to 65535.";
    public const string UsernameHint = UsernameRules.Rule;
    public const string PasswordHint = "Optional: leave it empty to join as a guest; with a password you sign in to your account.";
    public const string RegisterHint = "Registers this username with the password above (10 characters or more); only you can use it then.";
    public const string UseTlsHint = "Encrypts the connection; the server must offer TLS on this port.";

    /// <summary>The field names of the two choices (for a failure that blames one).</summary>
    public const string RegisterField = "Register";
    public const string UseTlsField = Piazza.Client.Core.ConnectFailure.UseTlsField;

    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);

    public string Host { get; private set; } = "";

    public string Port { get; private set; } = "";

    public string Username { get; private set; } = "";

    /// <summary>Kept in memory for this page only, never in the settings.</summary>
    public string Password { get; private set; } = "";

    /// <summary>"Create account": register the username with the password.</summary>
    public bool Register { get; set; }

    public bool UseTls { get; set; }

    /// <summary>True when the connect signs in (a password is typed).</summary>
    public bool SignsIn => Password.Length > 0;

    public static ConnectFormModel From(ClientSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var model = new ConnectFormModel
        {
            Host = settings.Host,
            Port = settings.Port.ToString(CultureInfo.InvariantCulture),
            Username = settings.Username,
            UseTls = settings.UseTls,
        };
        return model;
    }

    public void Set(string field, string? value)
    {
        value ??= "";
        switch (field)
        {
            case EndpointRules.HostField: Host = value; break;
            case EndpointRules.PortField: Port = value; break;
            case UsernameRules.Field: Username = value; break;
            case PasswordRules.Field: Password = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(field), field, "Host, Port, Username or Password.");
        }

        _touched.Add(field);
    }

    public string Value(string field) => field switch
    {
        EndpointRules.HostField => Host,
        EndpointRules.PortField => Port,
        UsernameRules.Field => Username,
        PasswordRules.Field => Password,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Host, Port, Username or Password."),
    };

    public ValidationResult Check(string field) => field switch
    {
        EndpointRules.HostField => EndpointRules.ValidateHost(Host),
        EndpointRules.PortField => EndpointRules.ValidatePort(Port),
        UsernameRules.Field => UsernameRules.Validate(Username),
        // Signing in takes whatever was typed (the server judges it); a new account's password must follow the rules.
        PasswordRules.Field => Register ? PasswordRules.Validate(Password) : new ValidationResult(PasswordRules.Field, null, null),
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Host, Port, Username or Password."),
    };

    /// <summary>
    /// The error to show under a field: as soon as it is typed in, or when it holds a value from
    /// the settings. An untouched empty field shows the neutral rule instead of scolding.
    /// </summary>
    public string? VisibleError(string field)
    {
        var check = Check(field);
        if (check.IsValid)
        {
            return null;
        }

        return _touched.Contains(field) || Value(field).Length > 0 ? check.Message : null;
    }

    /// <summary>The choice "Create account" was made: the password's rule now applies, and shows at once.</summary>
    public void SetRegister(bool register)
    {
        Register = register;
        if (register)
        {
            _touched.Add(PasswordRules.Field);
        }
    }

    public bool IsValid => Check(EndpointRules.HostField).IsValid && Check(EndpointRules.PortField).IsValid
        && Check(UsernameRules.Field).IsValid && Check(PasswordRules.Field).IsValid;

    public int PortNumber => int.Parse(Port.Trim(), NumberStyles.None, CultureInfo.InvariantCulture);

    public string TrimmedHost => Host.Trim();
}
