namespace Piazza.Client.Session;

/// <summary>Which screen the page shows.</summary>
public enum SessionPhase
{
    Form,
    Chat,
    Closed,
}
