using System.Diagnostics;
using System.Text;
using Jint;
using Jint.Native;

namespace Scanner.Core.Analyzers.Emulation;

/// <summary>
/// Runs a suspicious inline script in a sandboxed JavaScript interpreter (Jint) inside a recording fake browser
/// (<c>Prelude.js</c>), the way malware analysts' box-js and jsdetox do, and returns what it did: the code it built and
/// evaluated, the markup it wrote, the URLs it requested or assigned, the fields it looked up, the data it sent.
/// The sandbox has no CLR access (Jint's AllowClr is off), no network and no files: the only ways out are the
/// recording callbacks. Each run is bounded by time, statements, memory, recursion and array size, and by the page's
/// <see cref="EmulationBudget"/>; a hostile or endless script costs its budget and ends as a partial trace, never an
/// exception.
/// </summary>
public static class ScriptEmulator
{
    /// <summary>Scripts longer than this are libraries, not injected snippets; they are not run.</summary>
    public const int MaxScriptLength = 256 * 1024;
    /// <summary>Wall-clock time one script may use, all its callbacks included.</summary>
    public static readonly TimeSpan PerScript = TimeSpan.FromMilliseconds(1500);
    private const int MaxStatements = 2_000_000;
    private const long MaxMemory = 64L * 1024 * 1024;
    private const int MaxRecursion = 200;
    private const int MaxCallbacks = 64;
    /// <summary>Names the script uses that the fake browser lacks, defined one by one as stand-ins (each costs a rerun).</summary>
    private const int MaxMissingNames = 6;

    /// <summary>Jint's time-zone table, started without the system's zone list. The first static field: the ones below
    /// are Jint's first use in the process.</summary>
    private static readonly bool JintStarted = StartJint();

    /// <summary>
    /// JavaScript patterns run on .NET's regex interpreter: a script here runs once or a few times, and a compiled
    /// pattern costs ~1.4 ms of IL generation and JIT before its first match (Jint compiles the prelude's patterns and
    /// any pattern it sees again: about 25 of them at every static scan's start, issue 20, sixth pass).
    /// </summary>
    private static readonly ScriptParsingOptions Parsing = ScriptParsingOptions.Default with { CompileRegex = false, RetainFunctionSourceText = true };

    // Parsed once: every run executes the same prelude.
    private static readonly Prepared<Acornima.Ast.Script> Prelude = Engine.PrepareScript(ReadPrelude(), "prelude.js",
        options: new ScriptPreparationOptions { ParsingOptions = Parsing });

    /// <summary>
    /// The interpreter's first run in a process is slow (its code is compiled as it goes): one small run, outside any
    /// page's budget, so the first suspicious script of a scan gets the same time as the others.
    /// </summary>
    private static readonly Lazy<bool> WarmedUp = new(() =>
    {
        Run("var s = ''; for (var i = 0; i < 200; i++) s += String.fromCharCode(97 + i % 26); document.write(s.split('').reverse().join(''));"
            + "setTimeout(function () { new Image().src = '//example.org/?' + document.querySelector('#q').value; }, 1);",
            "https://example.org/", new EmulationBudget(TimeSpan.FromSeconds(30)), warmingUp: true, TimeSpan.FromSeconds(30));
        return true;
    });

    private static bool StartJint()
    {
        JintTimeZoneStart.Run();
        return true;
    }

    /// <summary>The interpreter's one-off start, done now (<see cref="EmulatorWarmUp"/> calls it on a background thread).</summary>
    internal static void WarmUp() => _ = WarmedUp.Value;

    /// <summary>Runs <paramref name="script"/> as if it were inline in <paramref name="pageUrl"/>. Never throws.</summary>
    /// <param name="perScript">The time this script may use; <see cref="PerScript"/> unless a caller (a test on a loaded
    /// machine) needs the recording rather than the bound.</param>
    /// <param name="visitor">Who the fake browser says the visitor is (<see cref="VisitorProfile.Default"/> unless given).</param>
    public static EmulationTrace Run(string script, string pageUrl, EmulationBudget budget, TimeSpan? perScript = null, VisitorProfile? visitor = null) =>
        Run(script, pageUrl, budget, warmingUp: false, perScript ?? PerScript, visitor ?? VisitorProfile.Default);

    private static EmulationTrace Run(string script, string pageUrl, EmulationBudget budget, bool warmingUp, TimeSpan perScript,
        VisitorProfile? visitor = null)
    {
        if (script.Length > MaxScriptLength) return EmulationTrace.Skipped;
        if (!warmingUp) _ = WarmedUp.Value;
        var limit = budget.Take(perScript);
        if (limit <= TimeSpan.Zero) return EmulationTrace.Skipped;
        visitor ??= VisitorProfile.Default;
        // A run that ended on its own within this run's limit is what a fresh run would record: the page is charged
        // the time that run took.
        if (!warmingUp && RememberedRuns.Recall(script, pageUrl, visitor) is { } remembered && remembered.Elapsed <= limit)
        {
            budget.Spend(remembered.Elapsed);
            return remembered;
        }
        var clock = Stopwatch.StartNew();
        var recorder = new TraceRecorder();
        string? stop = null;
        var ranOut = false;
        using (var cancel = new CancellationTokenSource())
        {
            try
            {
                var engine = new Engine(options =>
                {
                    options.TimeoutInterval(limit);
                    options.CancellationToken(cancel.Token);
                    options.MaxStatements(MaxStatements);
                    options.LimitMemory(MaxMemory);
                    options.LimitRecursion(MaxRecursion);
                    options.Constraints.MaxArraySize = 1_000_000;
                    options.Constraints.RegexTimeout = TimeSpan.FromMilliseconds(200);
                    options.Strict(false);
                    // Decoders that key on their own source (fn.toString()) need it, as a browser keeps it.
                    options.RetainFunctionSourceText = true;
                    // The visitor's clock: its time zone's hours (getHours), at its hour of the day when it has one.
                    if ((visitor ?? VisitorProfile.Default) is { TimeZoneOffset: not 0 } or { LocalTime: not null })
                        options.TimeSystem = new VisitorClock(visitor ?? VisitorProfile.Default);
                });
                engine.SetValue("__record", new Action<string, string>(recorder.Record));
                engine.SetValue("__atob", new Func<string, string>(Atob));
                engine.SetValue("__btoa", new Func<string, string>(Btoa));
                engine.SetValue("__pageUrl", pageUrl);
                engine.SetValue("__scriptText", script);
                engine.SetValue("__visitorJson", visitor.ToJson());
                engine.SetValue("__decodeBytes", new Func<string, string, string>(DecodeBytes));
                engine.SetValue("__encodeUtf8", new Func<string, string>(EncodeUtf8));
                engine.Execute(in Prelude);
                // The clock starts with the script: the prelude is ours, and on a cold start its first run is slow.
                cancel.CancelAfter(limit);
                stop = RunDefiningMissingNames(engine, script, cancel.Token);
                if (!cancel.IsCancellationRequested)
                    engine.Invoke("__drain", MaxCallbacks);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The sandbox's limits end a run with an exception (timeout, statements, memory, recursion, syntax):
                // what was recorded until then is the result.
                stop ??= e.GetType().Name;
            }
            ranOut = cancel.IsCancellationRequested;
        }
        var elapsed = clock.Elapsed;
        budget.Spend(elapsed);
        var trace = recorder.Finish(elapsed, stop);
        if (!warmingUp && !ranOut && elapsed < limit && (stop is null || stop.StartsWith(ThrewPrefix, StringComparison.Ordinal)))
            RememberedRuns.Keep(script, pageUrl, visitor, trace);
        return trace;
    }

    private const string ThrewPrefix = "the script threw ";

    /// <summary>
    /// Runs the script; when it stops on a name the fake browser lacks (<c>Mage is not defined</c>), defines that name
    /// as a stand-in and runs the script again from the start (the trace keeps each recorded event once).
    /// </summary>
    private static string? RunDefiningMissingNames(Engine engine, string script, CancellationToken cancel)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                engine.Execute(script, Parsing);
                return null;
            }
            catch (Jint.Runtime.JavaScriptException e) when (attempt < MaxMissingNames && !cancel.IsCancellationRequested
                && MissingName(e.Message) is { } name)
            {
                engine.Invoke("__define", name);
            }
            catch (Jint.Runtime.JavaScriptException e)
            {
                return ThrewPrefix + Signals.Clip(e.Message, 80);
            }
        }
    }

    private static string? MissingName(string message)
    {
        const string suffix = " is not defined";
        if (!message.EndsWith(suffix, StringComparison.Ordinal)) return null;
        var name = message[..^suffix.Length];
        return name.Length is > 0 and < 64 && name.All(c => char.IsLetterOrDigit(c) || c is '_' or '$') ? name : null;
    }

    private static string Atob(string text)
    {
        var clean = new string(text.Where(c => !char.IsWhiteSpace(c)).ToArray());
        clean = clean.PadRight(clean.Length + (4 - clean.Length % 4) % 4, '=');
        // A browser throws here; an empty answer lets the script go on to what it does next.
        try { return Encoding.Latin1.GetString(Convert.FromBase64String(clean)); }
        catch (FormatException) { return ""; }
    }

    private static string Btoa(string text) => Convert.ToBase64String(Encoding.Latin1.GetBytes(text));

    /// <summary>TextDecoder's work: bytes (one per character) in the named encoding (gbk, gb2312, big5 … or UTF-8).</summary>
    private static string DecodeBytes(string binary, string label)
    {
        var bytes = Encoding.Latin1.GetBytes(binary);
        _ = CodePages.Value;
        Encoding encoding;
        try { encoding = label is "" or "utf-8" or "utf8" ? Encoding.UTF8 : Encoding.GetEncoding(label); }
        catch (ArgumentException) { encoding = Encoding.UTF8; }
        return encoding.GetString(bytes);
    }

    // gbk, gb2312 and big5 come from the code-pages provider (registered once, as the HTML decoder does).
    private static readonly Lazy<bool> CodePages = new(() => { Encoding.RegisterProvider(CodePagesEncodingProvider.Instance); return true; });

    private static string EncodeUtf8(string text) => Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(text));

    private static string ReadPrelude()
    {
        using var stream = typeof(ScriptEmulator).Assembly.GetManifestResourceStream("Scanner.Core.Analyzers.Emulation.Prelude.js")
            ?? throw new InvalidOperationException("the emulator's prelude is not embedded in Scanner.Core");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
