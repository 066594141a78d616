namespace Scanner.Browser.Loading;

/// <summary>
/// What to run to get a browser, for this machine first: the OS package where there is one (Debian and Ubuntu: apt,
/// Fedora and its kin: dnf), Playwright's installer elsewhere, and always the way to scan without a browser.
/// </summary>
public static class BrowserInstallAdvice
{
    public const string AptCommand = "sudo apt-get install -y chromium fonts-noto-cjk";
    public const string DnfCommand = "sudo dnf install -y chromium google-noto-sans-cjk-fonts";
    public const string StaticEngine = "--engine static";

    /// <summary>Playwright's own installer, as shipped beside the scanner (needs PowerShell, like every Playwright .NET install).</summary>
    public static string PlaywrightCommand =>
        $"pwsh {Path.Combine(AppContext.BaseDirectory, "playwright.ps1")} install chromium";

    public static string ForThisMachine() => For(OsRelease.Read());

    /// <summary>The advice for a system described by /etc/os-release's ID and ID_LIKE.</summary>
    public static string For(OsRelease os)
    {
        var lines = new List<string> { "Install one and run again:" };
        if (os.IsLike("debian") || os.IsLike("ubuntu"))
            lines.Add($"  {AptCommand}    ({os.Name}; CJK fonts so Chinese pages render)");
        else if (os.IsLike("fedora") || os.IsLike("rhel"))
            lines.Add($"  {DnfCommand}    ({os.Name})");
        else
        {
            lines.Add($"  Debian/Ubuntu:  {AptCommand}");
            lines.Add($"  Fedora:         {DnfCommand}");
        }
        lines.Add($"  elsewhere, Playwright's Chromium:  {PlaywrightCommand}");
        lines.Add("    (behind a proxy, set HTTPS_PROXY first; PLAYWRIGHT_DOWNLOAD_HOST names a mirror)");
        lines.Add($"  or point --browser PATH (or {BrowserLocator.EnvironmentVariable}) at a Chrome/Chromium executable.");
        lines.Add($"Or scan without a browser (no scripts run, visibility from markup only): add {StaticEngine}");
        return string.Join('\n', lines);
    }
}

/// <summary>The distribution this runs on, from /etc/os-release (empty elsewhere).</summary>
public sealed record OsRelease(string Id, IReadOnlyList<string> IdLike, string Name)
{
    public static OsRelease Read(string path = "/etc/os-release")
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            if (OperatingSystem.IsLinux() && File.Exists(path))
                foreach (var line in File.ReadLines(path))
                    if (line.Split('=', 2) is [var key, var value]) fields[key.Trim()] = value.Trim().Trim('"', '\'');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        var name = fields.GetValueOrDefault("PRETTY_NAME") ?? fields.GetValueOrDefault("NAME") ?? Environment.OSVersion.ToString();
        return new OsRelease(fields.GetValueOrDefault("ID") ?? "", (fields.GetValueOrDefault("ID_LIKE") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries), name);
    }

    public bool IsLike(string id) => Id == id || IdLike.Contains(id);
}
