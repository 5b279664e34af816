using System.Runtime.InteropServices;

namespace Piazza.Testing;

/// <summary>
/// POSIX signals sent to a child process, as a terminal (Ctrl+C), a service manager or an
/// operator would send them. .NET can only kill a process; stopping, resuming or interrupting
/// one needs libc's kill(2). The numbers are Linux's.
/// </summary>
public static partial class Signals
{
    public const int SigHup = 1;
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigCont = 18;
    public const int SigStop = 19;

    /// <summary>Sends <paramref name="signal"/> to process <paramref name="pid"/>; throws with errno if it cannot.</summary>
    public static void Send(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Sends <paramref name="signal"/> if the process is still there; a process already gone needs none.</summary>
    public static void TrySend(int pid, int signal) => _ = Kill(pid, signal);

    /// <summary>The signals process <paramref name="process"/> (a pid, or "self") ignores: bit n-1 for signal n.</summary>
    public static ulong Ignored(string process)
    {
        var status = $"/proc/{process}/status";
        if (!File.Exists(status))
        {
            return 0;
        }

        var line = File.ReadAllLines(status).First(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return ulong.Parse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>True when this test process ignores <paramref name="signal"/>, which every child it starts inherits.</summary>
    public static bool IgnoredHere(int signal) => (Ignored("self") & (1UL << (signal - 1))) != 0;

    /// <summary>
    /// What goes in front of a command so that it runs as a terminal runs a foreground program,
    /// with SIGINT (Ctrl+C) and SIGHUP (reload) at their defaults: a shell starting this test process
    /// in the background, or under <c>nohup</c>, makes it ignore them, and children inherit that.
    /// </summary>
    public static IReadOnlyList<string> DefaultsPrefix { get; } = BuildDefaultsPrefix();

    private static string[] BuildDefaultsPrefix()
    {
        var restore = string.Join(",", new[] { IgnoredHere(SigInt) ? "INT" : null, IgnoredHere(SigHup) ? "HUP" : null }.OfType<string>());
        return restore.Length == 0 ? [] : ["env", "--default-signal=" + restore];
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
