namespace Piazza.Server.Configuration;

/// <summary>A configuration the server refuses: the message is one sentence naming the key, where it came from and the rule.</summary>
internal sealed class ConfigException : Exception
{
    public ConfigException()
    {
    }

    public ConfigException(string message)
        : base(message)
    {
    }

    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
