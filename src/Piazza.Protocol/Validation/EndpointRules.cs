using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Piazza.Protocol;

/// <summary>Host and port rules, checked before any connection is attempted.</summary>
public static class EndpointRules
{
    /// <summary>The field name of the host in messages.</summary>
    public const string HostField = "Host";

    /// <summary>The field name of the port in messages.</summary>
    public const string PortField = "Port";

    /// <summary>
    /// Checks that <paramref name="host"/> is an IPv4 address (dotted quad), an IPv6 address, or a
    /// syntactically valid DNS name. Whether the name resolves is a separate, network question.
    /// </summary>
    public static ValidationResult ValidateHost(string? host)
    {
        host = host?.Trim();
        if (string.IsNullOrEmpty(host))
        {
            return Invalid(HostField, "Host is required: an IP address such as 127.0.0.1 or a name such as chat.example.org.");
        }

        if (TryParseAddress(host, out _))
        {
            return ValidationResult.Valid(HostField);
        }

        var colon = host.LastIndexOf(':');
        if (colon > 0 && host.IndexOf(':', StringComparison.Ordinal) == colon && colon < host.Length - 1
            && host.AsSpan(colon + 1).IndexOfAnyExceptInRange('0', '9') < 0)
        {
            return Invalid(HostField, $"Host '{host}' includes a port; put only the address or name here ('{host[..colon]}') and the port in the Port field.");
        }

        if (host.Contains(':', StringComparison.Ordinal))
        {
            return Invalid(HostField, $"Host '{host}' is not a valid IP address.");
        }

        // IPAddress.TryParse (and the resolver after it) also reads short, octal and hex IPv4
        // forms (127.1, 010.0.0.1 = 8.0.0.1, 0x7f000001): a name that parses so is an address in
        // disguise, not a host name.
        if (LooksNumeric(host) || IPAddress.TryParse(host, out _))
        {
            return Invalid(HostField,
                $"Host '{host}' is not a valid IP address: IPv4 is four numbers from 0 to 255 without leading zeros, such as 127.0.0.1.");
        }

        // One trailing dot marks a fully qualified name (example.org.); it is neither an empty
        // part nor counted in the 253. A second one is an empty part.
        var name = host.EndsWith('.') ? host[..^1] : host;
        if (name.Length > 253)
        {
            return Invalid(HostField, $"Host name is {name.Length} characters long; the limit is 253.");
        }

        foreach (var label in name.Split('.'))
        {
            if (label.Length is 0 or > 63)
            {
                return Invalid(HostField, $"Host name '{host}' has an empty part or a part longer than 63 characters.");
            }

            if (label[0] == '-' || label[^1] == '-')
            {
                return Invalid(HostField, $"Host name parts may not start or end with '-' ('{label}').");
            }

            for (var i = 0; i < label.Length; i++)
            {
                if (!char.IsAsciiLetterOrDigit(label[i]) && label[i] != '-')
                {
                    return Invalid(HostField,
                        $"Host name may contain only ASCII letters, digits, '-' and '.'; {UsernameRules.Describe(label.AsSpan(i))} is not allowed.");
                }
            }
        }

        return ValidationResult.Valid(HostField);
    }

    /// <summary>
    /// Parses an IP address strictly: IPv4 only as four dotted decimal numbers without leading
    /// zeros (so <c>1</c>, <c>127.1</c> or the octal <c>010.0.0.1</c> are not silently taken as
    /// addresses), IPv6 with or without brackets.
    /// </summary>
    public static bool TryParseAddress(string host, out IPAddress? address)
    {
        ArgumentNullException.ThrowIfNull(host);
        address = null;
        var text = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (!IPAddress.TryParse(text, out var parsed))
        {
            return false;
        }

        if (parsed.AddressFamily == AddressFamily.InterNetwork)
        {
            var parts = text.Split('.');
            // A leading zero makes the parser read the part as octal (010 is 8).
            if (parts.Length != 4 || parts.Any(p => p.Length is 0 or > 3 || !p.All(char.IsAsciiDigit) || (p.Length > 1 && p[0] == '0')))
            {
                return false;
            }
        }

        address = parsed;
        return true;
    }

    /// <summary>Checks a port given as text: a whole number from 1 to 65535.</summary>
    public static ValidationResult ValidatePort(string? port)
    {
        port = port?.Trim();
        if (string.IsNullOrEmpty(port))
        {
            return Invalid(PortField, "Port is required: a whole number from 1 to 65535.");
        }

        if (!port.All(char.IsAsciiDigit) || !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return Invalid(PortField, $"Port must be a whole number from 1 to 65535 ('{port}' is not).");
        }

        return ValidatePort(value);
    }

    /// <summary>Checks a port number: 1 to 65535.</summary>
    public static ValidationResult ValidatePort(int port) =>
        port is >= 1 and <= 65535
            ? ValidationResult.Valid(PortField)
            : Invalid(PortField, $"Port must be a whole number from 1 to 65535 ({port} is not).");

    private static bool LooksNumeric(string host) =>
        host.Any(char.IsAsciiDigit) && host.All(c => char.IsAsciiDigit(c) || c == '.');

    private static ValidationResult Invalid(string field, string message) => new(field, null, message);
}
