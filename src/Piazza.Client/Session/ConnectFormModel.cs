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

    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);

    public string Host { get; private set; } = "";

    public string Port { get; private set; } = "";

    public string Username { get; private set; } = "";

    public static ConnectFormModel From(ClientSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var model = new ConnectFormModel
        {
            Host = settings.Host,
            Port = settings.Port.ToString(CultureInfo.InvariantCulture),
            Username = settings.Username,
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
            default: throw new ArgumentOutOfRangeException(nameof(field), field, "Host, Port or Username.");
        }

        _touched.Add(field);
    }

    public string Value(string field) => field switch
    {
        EndpointRules.HostField => Host,
        EndpointRules.PortField => Port,
        UsernameRules.Field => Username,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Host, Port or Username."),
    };

    public ValidationResult Check(string field) => field switch
    {
        EndpointRules.HostField => EndpointRules.ValidateHost(Host),
        EndpointRules.PortField => EndpointRules.ValidatePort(Port),
        UsernameRules.Field => UsernameRules.Validate(Username),
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Host, Port or Username."),
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

    public bool IsValid => Check(EndpointRules.HostField).IsValid && Check(EndpointRules.PortField).IsValid
        && Check(UsernameRules.Field).IsValid;

    public int PortNumber => int.Parse(Port.Trim(), NumberStyles.None, CultureInfo.InvariantCulture);

    public string TrimmedHost => Host.Trim();
}
