using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Piazza.Server;

/// <summary>
/// Every log line the server writes, with a stable event id. Message text is logged only at
/// Debug: operators see who and why, not what people said.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Listening on {EndPoint}")]
    public static partial void Listening(this ILogger logger, IPEndPoint endPoint);

    [LoggerMessage(2, LogLevel.Information, "Shutting down: closing {Connections}")]
    public static partial void Stopping(this ILogger logger, string connections);

    [LoggerMessage(3, LogLevel.Information, "Stopped")]
    public static partial void Stopped(this ILogger logger);

    [LoggerMessage(4, LogLevel.Warning, "Shutdown grace period over: cut {Connections} connections that had not finished")]
    public static partial void ShutdownForced(this ILogger logger, int connections);

    [LoggerMessage(5, LogLevel.Debug, "Quiet after a burst: returned memory, GC committed {BeforeKiB} KiB -> {AfterKiB} KiB, paused {PauseMs:0.0} ms")]
    public static partial void MemoryTrimmed(this ILogger logger, long beforeKiB, long afterKiB, double pauseMs);

    [LoggerMessage(6, LogLevel.Information, "History is kept in {Store}")]
    public static partial void StoreOpened(this ILogger logger, string store);

    [LoggerMessage(10, LogLevel.Information, "#{ConnectionId} {User} joined from {Remote} with {Client}")]
    public static partial void MemberJoined(this ILogger logger, long connectionId, string user, IPEndPoint remote, string client);

    [LoggerMessage(11, LogLevel.Information, "#{ConnectionId} {User} left ({Reason})")]
    public static partial void MemberLeft(this ILogger logger, long connectionId, string user, string reason);

    [LoggerMessage(12, LogLevel.Information, "#{ConnectionId} hello from {Remote} refused: {Code}")]
    public static partial void HelloRefused(this ILogger logger, long connectionId, IPEndPoint remote, string code);

    [LoggerMessage(13, LogLevel.Information, "#{ConnectionId} from {Remote} sent no hello in time")]
    public static partial void HelloTimedOut(this ILogger logger, long connectionId, IPEndPoint remote);

    [LoggerMessage(14, LogLevel.Warning, "Connection from {Remote} refused: {Code}")]
    public static partial void ConnectionRefused(this ILogger logger, IPEndPoint remote, string code);

    [LoggerMessage(15, LogLevel.Warning, "#{ConnectionId} evicted as too slow ({QueuedBytes} bytes waiting)")]
    public static partial void SlowConsumerEvicted(this ILogger logger, long connectionId, int queuedBytes);

    [LoggerMessage(16, LogLevel.Warning, "#{ConnectionId} from {Remote} closed for a protocol violation: {Code}")]
    public static partial void ProtocolViolation(this ILogger logger, long connectionId, IPEndPoint remote, string code);

    [LoggerMessage(17, LogLevel.Debug, "#{ConnectionId} frame refused: {Code}")]
    public static partial void FrameRefused(this ILogger logger, long connectionId, string code);

    [LoggerMessage(20, LogLevel.Debug, "#{ConnectionId} {User} says: {Text}")]
    public static partial void MessageAccepted(this ILogger logger, long connectionId, string user, string text);

    [LoggerMessage(21, LogLevel.Warning, "The store refused a write for {Room}: {Error}")]
    public static partial void StoreRefused(this ILogger logger, string room, string error);

    [LoggerMessage(22, LogLevel.Warning, "The replay of {Room} could not be read: {Error}")]
    public static partial void ReplayUnavailable(this ILogger logger, string room, string error);

    [LoggerMessage(40, LogLevel.Information, "Account {Name} registered from {Address}")]
    public static partial void AccountRegistered(this ILogger logger, string name, IPAddress? address);

    [LoggerMessage(41, LogLevel.Information, "Sign-in as {Name} from {Address} failed: wrong name or password")]
    public static partial void SignInFailed(this ILogger logger, string name, IPAddress? address);

    [LoggerMessage(42, LogLevel.Debug, "Sign-ins throttled for {Who}: the next attempt in {Seconds} s")]
    public static partial void SignInThrottled(this ILogger logger, string who, string seconds);

    [LoggerMessage(43, LogLevel.Information, "Account {Name} changed its password from {Address}")]
    public static partial void PasswordChanged(this ILogger logger, string name, IPAddress? address);

    [LoggerMessage(44, LogLevel.Warning, "The rooms and conversations of {Name} could not be read at sign-in: {Error}")]
    public static partial void AccountRoomsUnavailable(this ILogger logger, string name, string error);

    [LoggerMessage(45, LogLevel.Warning, "The account store refused a write for {Name}: {Error}")]
    public static partial void AccountWriteFailed(this ILogger logger, string name, string error);

    [LoggerMessage(46, LogLevel.Warning, "Server operator {Name} (--admins) is not a registered account yet: register it from this machine, or with 'piazza-server account create {Name}'")]
    public static partial void AdminNotRegistered(this ILogger logger, string name);

    [LoggerMessage(47, LogLevel.Information, "Accounts: guests {Guests}, server operators {Admins}, {HashThreads} hashing threads, sign-in burst {Burst} then one per {IntervalSeconds} s")]
    public static partial void AccountsReady(this ILogger logger, string guests, string admins, int hashThreads, int burst, double intervalSeconds);

    [LoggerMessage(50, LogLevel.Information, "{By} {Action} {Target} in {Scope}{Until}")]
    public static partial void Moderated(this ILogger logger, string by, string action, string target, string scope, string until);

    [LoggerMessage(51, LogLevel.Warning, "Moderation could not be loaded or stored: {Error}")]
    public static partial void ModerationUnavailable(this ILogger logger, string error);

    [LoggerMessage(7, LogLevel.Information, "Listening on {EndPoint} with TLS")]
    public static partial void ListeningTls(this ILogger logger, IPEndPoint endPoint);

    [LoggerMessage(60, LogLevel.Information, "TLS certificate for {Subject} ({Origin}), valid until {NotAfter:yyyy-MM-dd}, SHA-256 fingerprint {Fingerprint}")]
    public static partial void TlsCertificate(this ILogger logger, string subject, string origin, DateTime notAfter, string fingerprint);

    [LoggerMessage(61, LogLevel.Information, "Made a self-signed TLS certificate and kept it in {Path}: clients trust it on first use by its fingerprint")]
    public static partial void SelfSignedCreated(this ILogger logger, string path);

    [LoggerMessage(62, LogLevel.Warning, "The self-signed TLS certificate in {Path} had expired: made a new one, with a new fingerprint; clients that trusted the old one refuse the new one until they trust it")]
    public static partial void SelfSignedRenewed(this ILogger logger, string path);

    [LoggerMessage(63, LogLevel.Warning, "The TLS certificate for {Subject} expired on {NotAfter:yyyy-MM-dd}: clients will refuse it until it is renewed")]
    public static partial void CertificateExpired(this ILogger logger, string subject, DateTime notAfter);

    [LoggerMessage(64, LogLevel.Warning, "The TLS certificate for {Subject} is not valid before {NotBefore:yyyy-MM-dd HH:mm} UTC: clients will refuse it until then")]
    public static partial void CertificateNotYetValid(this ILogger logger, string subject, DateTime notBefore);

    [LoggerMessage(65, LogLevel.Debug, "#{ConnectionId} from {Remote}: {Protocol}, {CipherSuite}")]
    public static partial void TlsEstablished(this ILogger logger, long connectionId, IPEndPoint remote, string protocol, string cipherSuite);

    [LoggerMessage(66, LogLevel.Information, "#{ConnectionId} from {Remote}: TLS handshake failed: {Reason}")]
    public static partial void TlsHandshakeFailed(this ILogger logger, long connectionId, IPEndPoint remote, string reason);

    [LoggerMessage(67, LogLevel.Information, "#{ConnectionId} from {Remote} did not complete the TLS handshake in time")]
    public static partial void TlsHandshakeTimedOut(this ILogger logger, long connectionId, IPEndPoint remote);

    [LoggerMessage(68, LogLevel.Information, "#{ConnectionId} from {Remote} spoke {Spoken} on a {PortKind} port: told so and closed")]
    public static partial void TransportMismatch(this ILogger logger, long connectionId, IPEndPoint remote, string spoken, string portKind);

    [LoggerMessage(69, LogLevel.Debug, "A refusal on the TLS port could not reach {Remote}: {Reason}")]
    public static partial void TlsRefusalUndelivered(this ILogger logger, IPEndPoint remote, string reason);

    [LoggerMessage(130, LogLevel.Information, "Metrics on http://{EndPoint}/metrics, health on /healthz and /readyz")]
    public static partial void MetricsListening(this ILogger logger, IPEndPoint endPoint);

    [LoggerMessage(131, LogLevel.Information, "Configuration read from {Path}")]
    public static partial void ConfigRead(this ILogger logger, string path);

    [LoggerMessage(132, LogLevel.Information, "SIGHUP: reloading the configuration")]
    public static partial void Reloading(this ILogger logger);

    [LoggerMessage(133, LogLevel.Error, "Reload refused, nothing changed: {Reason}")]
    public static partial void ReloadRefused(this ILogger logger, string reason);

    [LoggerMessage(134, LogLevel.Warning, "{Option} changed, but takes effect only after a restart")]
    public static partial void ReloadNeedsRestart(this ILogger logger, string option);

    [LoggerMessage(135, LogLevel.Information, "Reloaded: {Changes}")]
    public static partial void Reloaded(this ILogger logger, string changes);

    [LoggerMessage(30, LogLevel.Error, "#{ConnectionId} failed unexpectedly")]
    public static partial void ConnectionFailed(this ILogger logger, Exception exception, long connectionId);

    [LoggerMessage(31, LogLevel.Error, "Accepting a connection failed ({Error})")]
    public static partial void AcceptFailed(this ILogger logger, Exception exception, SocketError error);

    [LoggerMessage(32, LogLevel.Error, "Heartbeat scan failed")]
    public static partial void HeartbeatFailed(this ILogger logger, Exception exception);

    [LoggerMessage(70, LogLevel.Information, "IRC door listening on {EndPoint} ({Transport})")]
    public static partial void ListeningIrc(this ILogger logger, IPEndPoint endPoint, string transport);

    [LoggerMessage(90, LogLevel.Information, "Room {Room}: events {From}-{To} missed by the feed were read from the store")]
    public static partial void GapFilled(this ILogger logger, string room, long from, long to);

    [LoggerMessage(91, LogLevel.Information, "Node {Node} is gone: {Name} is announced lost in {Room}")]
    public static partial void NodeLostMember(this ILogger logger, string node, string room, string name);
}
