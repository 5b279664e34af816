using System.Runtime.InteropServices;

namespace Piazza.Resilience.Tests.Support;

/// <summary>The Linux call the network-namespace tests need that .NET does not wrap.</summary>
internal static partial class Native
{
    /// <summary>setns(2) flag for a network namespace.</summary>
    public const int CloneNewNet = 0x40000000;

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNamespace(int fd, int namespaceType);
}
