namespace Piazza.Store;

/// <summary>A registered name.</summary>
/// <param name="Name">The name as it was registered (its spelling is kept; it compares case-insensitively).</param>
/// <param name="PasswordHash">The password's slow salted hash in its self-describing text form; never the password.</param>
/// <param name="Created">When it was registered.</param>
/// <param name="LastSeen">When its last session ended (at first: when it was registered).</param>
public sealed record Account(string Name, string PasswordHash, DateTimeOffset Created, DateTimeOffset LastSeen)
{
    /// <summary>The name as names compare: lowercase.</summary>
    public string Key => Name.ToLowerInvariant();

    /// <summary>Leaves the hash out, so an account written to a log never carries it.</summary>
    public override string ToString() => $"Account {{ Name = {Name}, Created = {Created:O}, LastSeen = {LastSeen:O} }}";
}
