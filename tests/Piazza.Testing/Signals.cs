using System.Runtime.InteropServices;

namespace Piazza.Testing;

/// <summary>
/// POSIX signals sent to a child process, as a terminal (Ctrl+C), a service manager or an
/// operator would send them. .NET can only kill a process; stopping, resuming or interrupting
/// one needs libc's kill(2). The numbers are Linux's.
/// </summary>
public static partial class Signals
{
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

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
