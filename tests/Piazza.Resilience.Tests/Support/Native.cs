using System.Runtime.InteropServices;

namespace Piazza.Resilience.Tests.Support;

/// <summary>The few Linux calls the fault tests need that .NET does not wrap.</summary>
internal static partial class Native
{
    public const int SigKill = 9;
    public const int SigCont = 18;
    public const int SigStop = 19;

    /// <summary>setns(2) flag for a network namespace.</summary>
    public const int CloneNewNet = 0x40000000;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNamespace(int fd, int namespaceType);
}
