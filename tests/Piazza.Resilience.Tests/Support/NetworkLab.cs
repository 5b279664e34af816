using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Piazza.Resilience.Tests.Support;

/// <summary>
/// Two network namespaces of our own joined by a veth pair: the server's side has 198.18.0.1,
/// the clients' side 198.18.0.2 and 198.18.0.3 (the benchmarking range, reachable only inside
/// these namespaces). Sockets are created inside a namespace by a thread that enters it with
/// setns(2), so the server and clients stay in this process; nothing on the host changes.
/// Needs root (CAP_SYS_ADMIN, CAP_NET_ADMIN), iproute2 and, for packet drops, iptables.
/// </summary>
internal sealed class NetworkLab : IAsyncDisposable
{
    public static readonly IPAddress ServerAddress = IPAddress.Parse("198.18.0.1");
    public static readonly IPAddress ClientAddress = IPAddress.Parse("198.18.0.2");
    public static readonly IPAddress SecondClientAddress = IPAddress.Parse("198.18.0.3");

    private static int s_counter;

    private NetworkLab(string name)
    {
        ServerNamespace = name + "s";
        ClientNamespace = name + "c";
    }

    public string ServerNamespace { get; }

    public string ClientNamespace { get; }

    /// <summary>Creates the lab, or skips the test with the reason it cannot be created here.</summary>
    public static async Task<NetworkLab> CreateOrSkipAsync()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("Network namespaces need Linux.");
        }

        var name = $"pz{Environment.ProcessId % 100000}x{Interlocked.Increment(ref s_counter)}";
        var lab = new NetworkLab(name);
        var (ok, error) = await lab.TrySetUpAsync();
        if (!ok)
        {
            await lab.DisposeAsync();
            Assert.Skip($"Cannot create a network namespace here (needs root with iproute2): {error}");
        }

        return lab;
    }

    /// <summary>Runs <paramref name="action"/> on a thread inside the server's namespace; sockets it creates live there.</summary>
    public Task<T> InServerAsync<T>(Func<T> action) => InsideAsync(ServerNamespace, action);

    /// <summary>Runs <paramref name="action"/> on a thread inside the clients' namespace.</summary>
    public Task<T> InClientsAsync<T>(Func<T> action) => InsideAsync(ClientNamespace, action);

    /// <summary>A socket factory for clients in the clients' namespace, bound to <paramref name="local"/>.</summary>
    public Func<Task<Socket>> ClientSocketFactory(IPAddress? local = null) => () => InClientsAsync(() =>
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(local ?? ClientAddress, 0));
        return socket;
    });

    /// <summary>Runs iptables inside the clients' namespace; throws when it fails.</summary>
    public async Task IptablesAsync(string arguments)
    {
        var (code, output) = await RunAsync("ip", $"netns exec {ClientNamespace} iptables {arguments}");
        if (code != 0)
        {
            throw new InvalidOperationException($"iptables {arguments} failed ({code}): {output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsync("ip", $"netns del {ServerNamespace}");
        await RunAsync("ip", $"netns del {ClientNamespace}");
    }

    public static async Task<(int Code, string Output)> RunAsync(string file, string arguments)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, (await stdout + await stderr).Trim());
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, $"{file} is not available ({ex.Message})");
        }
    }

    private async Task<(bool Ok, string Error)> TrySetUpAsync()
    {
        var s = ServerNamespace;
        var c = ClientNamespace;
        string[] steps =
        [
            $"netns add {s}",
            $"netns add {c}",
            $"-n {s} link set lo up",
            $"-n {c} link set lo up",
            $"-n {s} link add {s}v type veth peer name {c}v netns {c}",
            $"-n {s} addr add {ServerAddress}/24 dev {s}v",
            $"-n {c} addr add {ClientAddress}/24 dev {c}v",
            $"-n {c} addr add {SecondClientAddress}/24 dev {c}v",
            $"-n {s} link set {s}v up",
            $"-n {c} link set {c}v up",
        ];
        foreach (var step in steps)
        {
            var (code, output) = await RunAsync("ip", step);
            if (code != 0)
            {
                return (false, $"'ip {step}' failed: {output}");
            }
        }

        // Addresses are usable once duplicate address detection is out of the way (IPv4: at once).
        return (true, "");
    }

    private static Task<T> InsideAsync<T>(string name, Func<T> action)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                using var original = File.OpenHandle("/proc/thread-self/ns/net");
                using var target = File.OpenHandle($"/run/netns/{name}");
                Enter(target.DangerousGetHandle());
                try
                {
                    done.SetResult(action());
                }
                finally
                {
                    Enter(original.DangerousGetHandle());
                }
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "netns " + name,
        };
        thread.Start();
        return done.Task;
    }

    private static void Enter(IntPtr handle)
    {
        if (Native.SetNamespace(checked((int)handle), Native.CloneNewNet) != 0)
        {
            throw new InvalidOperationException($"setns failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }
}
