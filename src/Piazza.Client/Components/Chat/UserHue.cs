namespace Piazza.Client.Components.Chat;

/// <summary>A stable hue per name (FNV-1a of the lower-cased name), so people keep their colour across runs.</summary>
public static class UserHue
{
    public static int Of(string user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var hash = 2166136261u;
        foreach (var c in user.ToLowerInvariant())
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % 360);
    }

    public static string Style(string user) => "--hue:" + Of(user).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Initial(string user) => string.IsNullOrEmpty(user) ? "?" : user[..1].ToUpperInvariant();
}
