using System.Text;

namespace Scanner.Core.Analyzers.Emulation;

/// <summary>One thing the script did in the sandbox: its kind (code, markup, script, image, xhr, ajax, fetch, beacon,
/// send, navigate, open, frame, form, url, field, submit) and its text.</summary>
public sealed record EmulatedEvent(string Kind, string Text);

/// <summary>
/// What a script did when it was run in <see cref="ScriptEmulator"/>. <see cref="AsScript"/> writes it back as
/// JavaScript-like lines (<c>document.write("…")</c>, <c>XMLHttpRequest.open("POST", "…")</c>, the evaluated code itself)
/// so the analyzers that read script text judge it as they judge a decoded layer.
/// </summary>
public sealed record EmulationTrace(IReadOnlyList<EmulatedEvent> Events, TimeSpan Elapsed, string? Stop, bool Ran)
{
    public static readonly EmulationTrace Skipped = new([], TimeSpan.Zero, "not run: the page's emulation budget is spent or the script is too long", false);

    public IEnumerable<EmulatedEvent> Of(params string[] kinds) => Events.Where(e => kinds.Contains(e.Kind));

    /// <summary>The events as script text, one line each (code and markup as they were).</summary>
    public string AsScript()
    {
        var text = new StringBuilder("// recorded when the script ran in the emulator\n");
        foreach (var e in Events)
            text.Append(e.Kind switch
            {
                "code" => e.Text,
                "markup" => $"document.write(\"{e.Text}\")",
                "script" => $"document.createElement(\"script\").src = \"{e.Text}\"",
                "image" => $"new Image().src = \"{e.Text}\"",
                "frame" => $"<iframe src=\"{e.Text}\"></iframe>",
                "xhr" => $"XMLHttpRequest.open(\"{Method(e.Text)}\", \"{Target(e.Text)}\")",
                "ajax" => $"jQuery.ajax({{type: \"{Method(e.Text)}\", url: \"{Target(e.Text)}\"}})",
                "fetch" => $"fetch(\"{e.Text}\")",
                "beacon" => $"navigator.sendBeacon(\"{e.Text}\")",
                "send" => $"// sends: {e.Text}",
                "navigate" => $"location.href = \"{e.Text}\"",
                "open" => $"window.open(\"{e.Text}\")",
                "form" => $"form.action = \"{e.Text}\"",
                "url" => $"element.href = \"{e.Text}\"",
                "field" => $"document.querySelector(\"{e.Text}\")",
                "submit" => $"{e.Text}.submit()",
                _ => "// " + e.Kind + ": " + e.Text,
            }).Append('\n');
        return text.ToString();
    }

    private static string Method(string text) => text.Split(' ', 2)[0];
    private static string Target(string text) => text.Split(' ', 2) is [_, var target] ? target : text;
}

/// <summary>Collects the events of one run: each once, each clipped, all of them within a cap.</summary>
internal sealed class TraceRecorder
{
    private const int MaxEventLength = 64 * 1024;
    private const int MaxTotalLength = 512 * 1024;
    private const int MaxEvents = 400;
    private readonly List<EmulatedEvent> _events = [];
    private readonly HashSet<EmulatedEvent> _seen = [];
    private int _length;

    public void Record(string kind, string text)
    {
        if (string.IsNullOrWhiteSpace(text) || _events.Count >= MaxEvents || _length >= MaxTotalLength) return;
        var e = new EmulatedEvent(kind, text.Length > MaxEventLength ? text[..MaxEventLength] : text);
        if (!_seen.Add(e)) return;
        _events.Add(e);
        _length += e.Text.Length;
    }

    public EmulationTrace Finish(TimeSpan elapsed, string? stop) => new(_events.ToArray(), elapsed, stop, true);
}
