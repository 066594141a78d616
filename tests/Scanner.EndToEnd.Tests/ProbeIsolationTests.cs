using Scanner.EndToEnd.Tests.Infrastructure;

namespace Scanner.EndToEnd.Tests;

/// <summary>
/// Issue 15, "Probe isolation": the probe runs in an isolated world, so a page script that patches the DOM's
/// prototypes in its own world cannot hide what the page shows. The seed page with such patches must give the
/// same findings as the seed page itself, and still trip the gate.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ProbeIsolationTests(BrowserFixture browser)
{
    /// <summary>
    /// Each line blinds one thing the probe relies on, were it to run in the page's world: the tree walk, styles,
    /// geometry, text getters, selectors, attributes, child lists, and the JSON it answers with.
    /// </summary>
    private const string Patches = """
        <script>
        Document.prototype.createTreeWalker = function () { return { currentNode: null, nextNode: () => null }; };
        window.getComputedStyle = () => ({ display: 'none', visibility: 'hidden', opacity: '0', fontSize: '0px', color: 'rgba(0,0,0,0)', overflow: 'hidden', clipPath: 'none', textIndent: '0px' });
        Element.prototype.getBoundingClientRect = () => ({ left: -99999, top: -99999, width: 0, height: 0 });
        Range.prototype.getBoundingClientRect = () => ({ left: -99999, top: -99999, width: 0, height: 0 });
        Object.defineProperty(Node.prototype, 'textContent', { get() { return ''; } });
        Object.defineProperty(Node.prototype, 'nodeValue', { get() { return ''; } });
        Object.defineProperty(HTMLElement.prototype, 'innerText', { get() { return ''; } });
        Object.defineProperty(Node.prototype, 'childNodes', { get() { return []; } });
        Document.prototype.querySelectorAll = function () { return []; };
        Element.prototype.querySelectorAll = function () { return []; };
        Element.prototype.getAttribute = function () { return null; };
        Object.defineProperty(Document.prototype, 'title', { get() { return ''; } });
        JSON.stringify = () => '{}';
        Array.from = () => [];
        </script>
        """;

    [Fact]
    public async Task Patched_DOM_prototypes_change_nothing_in_the_findings_of_the_seed_page()
    {
        var folder = Directory.CreateTempSubdirectory("scanner-probe-isolation-").FullName;
        try
        {
            var seed = Path.Combine(AppContext.BaseDirectory, "fixtures", "seed");
            File.Copy(Path.Combine(seed, "site.css"), Path.Combine(folder, "site.css"));
            var html = await File.ReadAllTextAsync(Path.Combine(seed, "hacked.html"));
            const string charset = "<meta charset=\"utf-8\">\n";
            Assert.Contains(charset, html);
            // Right after the charset (which must stay in the first 1,024 bytes): the patches are in place before the body exists.
            await File.WriteAllTextAsync(Path.Combine(folder, "hacked.html"), html.Replace(charset, charset + Patches + "\n"));

            var plain = await ScannerRun.ScanAsync(browser, Path.Combine(seed, "hacked.html"));
            var patched = await ScannerRun.ScanAsync(browser, Path.Combine(folder, "hacked.html"));

            Assert.Equal(1, plain.ExitCode);
            Assert.Equal(1, patched.ExitCode);
            Assert.Equal(Describe(plain), Describe(patched));
            Assert.Contains(patched.Findings, f => f.GetProperty("ruleId").GetString() == "keyword.porn"
                && f.GetProperty("evidence").GetString()!.Contains("AⅤ一区"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>What a finding says, without what depends on the file's place or line numbers (the patch adds lines).</summary>
    private static string[] Describe(ScannerRun run) => run.Findings
        .Where(f => !f.GetProperty("ruleId").GetString()!.StartsWith("script.", StringComparison.Ordinal))
        .Select(f => string.Join(" | ", f.GetProperty("ruleId").GetString(), f.GetProperty("severity").GetString(),
            f.GetProperty("selector").GetString(), f.GetProperty("hidden").GetBoolean(), f.GetProperty("evidence").GetString()))
        .Order(StringComparer.Ordinal).ToArray();
}
