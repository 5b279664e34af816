namespace Piazza.Protocol;

/// <summary>One protocol frame: a JSON object on one line with a string <c>type</c>.</summary>
public abstract record Frame
{
    /// <summary>The wire value of the <c>type</c> field.</summary>
    public abstract string Type { get; }
}
