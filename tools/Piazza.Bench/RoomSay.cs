using System.Buffers.Text;
using System.Diagnostics;
using System.Text;

namespace Piazza.Bench;

/// <summary>
/// A reusable version 2 <c>say</c> frame for one sender and one room: the text is the run's
/// <see cref="Payload"/> (sender, sequence number, send time), and the <c>ref</c> carries the
/// sequence number and the send time again, so an <c>ack</c> alone gives the ack latency.
/// Refs are unique per sender (the sequence number), as the server's dedupe requires.
/// </summary>
/// <example><c>{"type":"say","room":"#e-17","ref":"0000000042-0000012345678901234","text":"pA3F9 00017 …"}</c></example>
internal sealed class RoomSay
{
    private const int SeqDigits = 10;
    private const int TicksDigits = 19;

    private static ReadOnlySpan<byte> RefField => "\"ref\":\""u8;

    private readonly byte[] _frame;
    private readonly int _refOffset;
    private readonly int _textOffset;

    public RoomSay(Payload payload, int sender, string room)
    {
        // The payload's own frame holds the text template at a fixed place: between its prefix and "}\n.
        var template = payload.NewSayFrame(sender);
        var text = template.AsSpan(template.Length - payload.Length - 3, payload.Length);
        var head = Encoding.UTF8.GetBytes($"{{\"type\":\"say\",\"room\":\"{room}\",\"ref\":\"");
        var middle = "\",\"text\":\""u8;
        var tail = "\"}\n"u8;
        _frame = new byte[head.Length + SeqDigits + 1 + TicksDigits + middle.Length + text.Length + tail.Length];
        var at = 0;
        head.CopyTo(_frame, at);
        at += head.Length;
        _refOffset = at;
        _frame[at + SeqDigits] = (byte)'-';
        at += SeqDigits + 1 + TicksDigits;
        middle.CopyTo(_frame.AsSpan(at));
        at += middle.Length;
        _textOffset = at;
        text.CopyTo(_frame.AsSpan(at));
        at += text.Length;
        tail.CopyTo(_frame.AsSpan(at));
    }

    /// <summary>The frame stamped with <paramref name="seq"/> and the time now, ready to send (valid until the next call).</summary>
    public ReadOnlySpan<byte> Stamp(long seq)
    {
        var now = Stopwatch.GetTimestamp();
        var reference = _frame.AsSpan(_refOffset);
        WriteDigits(reference[..SeqDigits], seq);
        WriteDigits(reference.Slice(SeqDigits + 1, TicksDigits), now);
        // The payload's text layout: marker (6), sender (5), space, seq (10), space, ticks (19).
        var text = _frame.AsSpan(_textOffset);
        WriteDigits(text.Slice(12, SeqDigits), seq);
        WriteDigits(text.Slice(23, TicksDigits), now);
        return _frame;
    }

    /// <summary>Reads the send time from an <c>ack</c> line's ref; false if the ref is not the bench's.</summary>
    public static bool TryReadAck(ReadOnlySpan<byte> line, out long seq, out long sentTimestamp)
    {
        seq = sentTimestamp = 0;
        var reference = FrameScan.RawString(line, RefField);
        return reference.Length == SeqDigits + 1 + TicksDigits
            && Utf8Parser.TryParse(reference[..SeqDigits], out seq, out var a) && a == SeqDigits
            && Utf8Parser.TryParse(reference[(SeqDigits + 1)..], out sentTimestamp, out var b) && b == TicksDigits;
    }

    private static void WriteDigits(Span<byte> destination, long value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
