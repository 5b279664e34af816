namespace Piazza.Store;

/// <summary>Which end of a range a bounded read keeps when the range holds more than the limit.</summary>
public enum ReadFrom
{
    /// <summary>The oldest events of the range.</summary>
    Oldest,

    /// <summary>The newest events of the range.</summary>
    Newest,
}
