using Piazza.Server.Chat;
using Piazza.Server.Hosting;
using Piazza.Server.Transport;
using Piazza.Store;

namespace Piazza.Server;

/// <summary>What running the server as a service needs of it: gauges, readiness and reload.</summary>
public sealed partial class ChatServer
{
    /// <summary>Rooms the server holds.</summary>
    public int RoomCount => _chat.RoomCount;

    /// <summary>Connections admitted and not yet closed, for the gauges.</summary>
    internal IEnumerable<Link> Links => _links.Values;

    /// <summary>True when the certificate comes from files that a reload reads again (not self-signed, not off).</summary>
    internal bool ReloadsCertificateFiles => _tls is not null && !Options.TlsSelfSigned;

    /// <summary>Null when the server is serving and its store answers; otherwise why not, as a clause.</summary>
    internal async Task<string?> CheckReadyAsync(CancellationToken cancellationToken)
    {
        if (_stopping)
        {
            return "the server is shutting down";
        }

        if (_listener is null)
        {
            return "the server has not started";
        }

        try
        {
            // Any read proves the store answers; the name is one no account can have (it has a space).
            await _accounts.Store.FindAccountAsync("readiness probe", cancellationToken);
            return null;
        }
        catch (StoreUnavailableException ex)
        {
            return $"the store is unavailable ({ex.Message})";
        }
    }

    /// <summary>
    /// Applies what can change while running (<see cref="Reloader.Reloadable"/>): the connection
    /// caps, the chat's limits, guests and admins, and the TLS certificate files read again (a
    /// renewed certificate under the same names). Connections already open keep what they have.
    /// </summary>
    /// <returns>True when the certificate files were read again.</returns>
    /// <exception cref="ServerStartException">The new certificate or key cannot be read or used; nothing was changed.</exception>
    internal bool Reload(ServerOptions next)
    {
        ServerCertificate? certificate = null;
        if (_tls is not null && !Options.TlsSelfSigned && next.TlsCertFile is not null && next.TlsKeyFile is not null)
        {
            certificate = TlsSetup.Create(next with { TlsSelfSigned = false }, Time, _logger)!.Certificate;
        }

        _admission.SetLimits(next.MaxConnections, next.MaxConnectionsPerIp);
        _chat.Options = _chat.Options with
        {
            History = next.History,
            ReplayMax = next.ReplayMax,
            MaxRoomsPerSession = next.MaxRoomsPerConnection,
            MaxRooms = next.MaxRooms,
            GuestsAllowed = next.GuestsAllowed,
            Admins = next.Admins.Select(a => a.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal),
        };
        if (certificate is not null)
        {
            // The old certificate may still be in a handshake under way: it is left to the collector.
            _tls!.Replace(certificate);
            _logger.TlsCertificate(certificate.Subject, certificate.Origin, certificate.Certificate.NotAfter.ToUniversalTime(), certificate.Fingerprint);
        }

        return certificate is not null;
    }
}
