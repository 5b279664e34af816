using System.Diagnostics;

namespace Piazza.Bench;

/// <summary>
/// The live one-line display on standard error: rewritten in place on a terminal, and printed as a
/// line every few seconds when standard error is a file or pipe.
/// </summary>
internal sealed class ProgressLine(TextWriter error, bool enabled, bool interactive)
{
    private static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(5);
    private readonly Stopwatch _sinceLogged = Stopwatch.StartNew();
    private int _width;
    private bool _first = true;

    public void Show(string text)
    {
        if (!enabled)
        {
            return;
        }

        if (interactive)
        {
            error.Write('\r' + text.PadRight(_width));
            _width = text.Length;
            error.Flush();
        }
        else if (_first || _sinceLogged.Elapsed >= LogEvery)
        {
            _first = false;
            _sinceLogged.Restart();
            error.WriteLine(text);
        }
    }

    /// <summary>Leaves the last text on screen and moves to a new line.</summary>
    public void Done()
    {
        if (enabled && interactive && _width > 0)
        {
            error.WriteLine();
            _width = 0;
        }
    }
}
