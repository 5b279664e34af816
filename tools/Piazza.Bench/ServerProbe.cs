using System.Globalization;

namespace Piazza.Bench;

/// <summary>
/// Reads a local server process's memory and CPU from /proc (Linux). Every reading is a
/// best effort: a process that has gone away reads as null.
/// </summary>
internal sealed class ServerProbe(int pid)
{
    /// <summary>USER_HZ, the unit of utime/stime in /proc/pid/stat: 100 on every Linux architecture .NET runs on.</summary>
    private const double ClockTicksPerSecond = 100;

    public int Pid { get; } = pid;

    /// <summary>Resident set size now, KiB (VmRSS).</summary>
    public long? RssKiB() => StatusField("VmRSS:");

    /// <summary>Anonymous resident memory now, KiB (RssAnon): the heap and stacks, without mapped files such as code.</summary>
    public long? RssAnonKiB() => StatusField("RssAnon:");

    /// <summary>The largest resident set since the process started, KiB (VmHWM).</summary>
    public long? PeakRssKiB() => StatusField("VmHWM:");

    /// <summary>User plus system CPU time the process has used, in seconds.</summary>
    public double? CpuSeconds()
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{Pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        // After the name, field 3 (state) is index 0, so utime (14) is index 11 and stime (15) index 12.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture))
            / ClockTicksPerSecond;
    }

    private long? StatusField(string name)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
            {
                if (line.StartsWith(name, StringComparison.Ordinal))
                {
                    var value = line.AsSpan(name.Length).Trim();
                    var space = value.IndexOf(' ');
                    return long.Parse(space < 0 ? value : value[..space], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
            // Gone.
        }

        return null;
    }

    /// <summary>This process's soft limit on open files, from /proc/self/limits; null if unknown.</summary>
    public static long? OpenFileLimit()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/limits"))
            {
                if (line.StartsWith("Max open files", StringComparison.Ordinal))
                {
                    var parts = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return long.TryParse(parts[0], CultureInfo.InvariantCulture, out var soft) ? soft : null;
                }
            }
        }
        catch (IOException)
        {
            // Not Linux.
        }

        return null;
    }
}
