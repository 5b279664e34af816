using System.Net;
using Piazza.Protocol;

namespace Piazza.Server.Hosting;

/// <summary>
/// The connection caps every door shares: so many in all, so many per remote address (loopback
/// exempt). A refused client is told why at once and closed (<see cref="Transport.Refuser"/>).
/// </summary>
internal sealed class Admission(int maxConnections, int maxPerAddress)
{
    private volatile int _maxConnections = maxConnections;
    private volatile int _maxPerAddress = maxPerAddress;

    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private readonly Lock _gate = new();
    private int _count;

    /// <summary>Connections admitted and not yet released.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Admits a connection from <paramref name="address"/>, or says which cap refused it (an error code).</summary>
    public string? TryAdmit(IPAddress address)
    {
        if (Interlocked.Increment(ref _count) > _maxConnections)
        {
            Interlocked.Decrement(ref _count);
            return ErrorCodes.ServerFull;
        }

        if (IPAddress.IsLoopback(address))
        {
            return null;
        }

        lock (_gate)
        {
            _perAddress.TryGetValue(address, out var count);
            if (count >= _maxPerAddress)
            {
                Interlocked.Decrement(ref _count);
                return ErrorCodes.TooManyConnections;
            }

            _perAddress[address] = count + 1;
            return null;
        }
    }

    /// <summary>New caps (a reload): connections already admitted stay, new ones are measured against these.</summary>
    public void SetLimits(int maxConnections, int maxPerAddress)
    {
        _maxConnections = maxConnections;
        _maxPerAddress = maxPerAddress;
    }

    public void Release(IPAddress address)
    {
        Interlocked.Decrement(ref _count);
        if (IPAddress.IsLoopback(address))
        {
            return;
        }

        lock (_gate)
        {
            if (_perAddress.TryGetValue(address, out var count))
            {
                if (count <= 1)
                {
                    _perAddress.Remove(address);
                }
                else
                {
                    _perAddress[address] = count - 1;
                }
            }
        }
    }
}
