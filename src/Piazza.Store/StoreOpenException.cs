namespace Piazza.Store;

/// <summary>The store cannot be opened for a reason the operator must fix; the message names the file and the problem in one sentence.</summary>
public sealed class StoreOpenException : Exception
{
    public StoreOpenException()
    {
    }

    public StoreOpenException(string message)
        : base(message)
    {
    }

    public StoreOpenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
