namespace Piazza.Bench.Irc;

/// <summary>
/// A sender's <c>PRIVMSG #channel :text</c> line whose text is the bench's payload (the same
/// layout as the NDJSON mode's, <see cref="Payload"/>), re-stamped before each send.
/// </summary>
internal sealed class IrcMessage
{
    private readonly byte[] _scratch;
    private readonly int _textInScratch;
    private readonly int _textInLine;
    private readonly int _length;

    public IrcMessage(Payload payload, int sender, string channel)
    {
        ArgumentNullException.ThrowIfNull(payload);
        _scratch = payload.NewSayFrame(sender);
        _length = payload.Length;
        // The say frame ends with the text, a quote, a brace and a newline.
        _textInScratch = _scratch.Length - _length - 3;
        var prefix = System.Text.Encoding.ASCII.GetBytes($"PRIVMSG {channel} :");
        Line = new byte[prefix.Length + _length + 2];
        prefix.CopyTo(Line, 0);
        _textInLine = prefix.Length;
        Line[^2] = (byte)'\r';
        Line[^1] = (byte)'\n';
        _scratch.AsSpan(_textInScratch, _length).CopyTo(Line.AsSpan(_textInLine));
    }

    /// <summary>The line as it goes on the wire, CR LF included.</summary>
    public byte[] Line { get; }

    /// <summary>Writes the sequence number and send time into <see cref="Line"/>.</summary>
    public void Stamp(long seq, long timestamp)
    {
        Payload.Stamp(_scratch, seq, timestamp);
        _scratch.AsSpan(_textInScratch, _length).CopyTo(Line.AsSpan(_textInLine));
    }
}
