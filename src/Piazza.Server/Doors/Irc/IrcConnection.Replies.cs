using System.Globalization;
using System.Security.Cryptography;

namespace Piazza.Server.Doors.Irc;

/// <summary>
/// Answers to the command being handled. With labeled-response, they are held until the command
/// is done, then sent with its label: one line tagged, several in a <c>labeled-response</c>
/// batch, none as <c>ACK</c>. Without a label they go out at once.
/// </summary>
internal sealed partial class IrcConnection
{
    private readonly List<OutLine> _replies = [];
    private string? _label;
    private int _batches;

    /// <summary>One line to send, before its label.</summary>
    internal readonly record struct OutLine(string? Tags, string? Source, string Command, string[] Params, byte[]? Bytes = null);

    private void BeginReply(IrcMessage message)
    {
        lock (_gate)
        {
            _replies.Clear();
            _label = LabelOf(message);
        }
    }

    /// <summary>The label the answer to <paramref name="message"/> carries, or null when it carries none.</summary>
    private string? LabelOf(IrcMessage message)
    {
        var label = message.Tag("label");
        return Has(IrcCaps.LabeledResponse) && !string.IsNullOrEmpty(label) && label.Length <= 64 ? label : null;
    }

    /// <summary>Sends (or holds, while a labeled command runs) one line.</summary>
    private void Reply(string? tags, string? source, string command, params string[] parameters)
    {
        lock (_gate)
        {
            if (_label is not null)
            {
                _replies.Add(new OutLine(tags, source, command, parameters));
                return;
            }
        }

        _link.Send(IrcLine.Write(tags, source, command, parameters));
    }

    /// <summary>Sends (or holds) lines made already, such as a page of history: an answer asked for, queued whatever the cap.</summary>
    private void ReplyBytes(byte[] lines)
    {
        lock (_gate)
        {
            if (_label is not null)
            {
                _replies.Add(new OutLine(null, null, "", [], lines));
                return;
            }
        }

        _link.SendUncapped(lines);
    }

    /// <summary>A numeric from the server to this client: <c>:server 123 nick params...</c>.</summary>
    private void Numeric(string code, params string[] parameters)
    {
        var all = new string[parameters.Length + 1];
        all[0] = Nick;
        parameters.CopyTo(all, 1);
        Reply(null, _settings.ServerName, code, all);
    }

    /// <summary>A standard reply (<c>FAIL</c>) from the server.</summary>
    private void Fail(string command, string code, string description, string? context = null)
    {
        if (context is null)
        {
            Reply(null, _settings.ServerName, "FAIL", command, code, description);
        }
        else
        {
            Reply(null, _settings.ServerName, "FAIL", command, code, context, description);
        }
    }

    /// <summary>Ends the command: its held answers go out with its label.</summary>
    private void Flush()
    {
        OutLine[] lines;
        string? label;
        lock (_gate)
        {
            label = _label;
            _label = null;
            if (label is null)
            {
                return;
            }

            lines = [.. _replies];
            _replies.Clear();
        }

        if (lines.Length == 0)
        {
            _link.Send(IrcLine.Write("label=" + IrcLine.Escape(label), _settings.ServerName, "ACK"));
            return;
        }

        if (lines.Length == 1 || !Has(IrcCaps.Batch))
        {
            var first = true;
            foreach (var line in lines)
            {
                if (line.Bytes is not null)
                {
                    _link.SendUncapped(line.Bytes);
                    continue;
                }

                _link.Send(IrcLine.Write(first ? Join("label=" + IrcLine.Escape(label), line.Tags) : line.Tags, line.Source, line.Command, line.Params));
                first = false;
            }

            return;
        }

        var batch = NewBatchId();
        _link.Send(IrcLine.Write("label=" + IrcLine.Escape(label), _settings.ServerName, "BATCH", "+" + batch, "labeled-response"));
        foreach (var line in lines)
        {
            if (line.Bytes is not null)
            {
                _link.SendUncapped(line.Bytes);
                continue;
            }

            _link.Send(IrcLine.Write(Join("batch=" + batch, line.Tags), line.Source, line.Command, line.Params));
        }

        _link.Send(IrcLine.Write(null, _settings.ServerName, "BATCH", "-" + batch));
    }

    /// <summary>A batch reference unique on this connection.</summary>
    private string NewBatchId() =>
        Interlocked.Increment(ref _batches).ToString(CultureInfo.InvariantCulture) + Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();

    private static string Join(string first, string? rest) => rest is null ? first : first + ";" + rest;
}
