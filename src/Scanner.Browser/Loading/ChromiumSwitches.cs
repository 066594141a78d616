namespace Scanner.Browser.Loading;

/// <summary>
/// The command line the scanner adds to Playwright's when it starts Chromium: what a closed network, a headless scan
/// and the guarded proxy need, and the browser-interface features a scan never shows.
/// </summary>
internal static class ChromiumSwitches
{
    /// <summary>
    /// Playwright's own <c>--disable-features</c> list (its chromiumSwitches, in Microsoft.Playwright 1.64). Chromium reads only the last
    /// <c>--disable-features</c> on its command line, so ours must carry these too; a test compares the two lists on
    /// the running browser, so an upgrade of Playwright that adds one is noticed.
    /// </summary>
    internal static readonly string[] PlaywrightDisabledFeatures =
    [
        "AvoidUnnecessaryBeforeUnloadCheckSync", "DestroyProfileOnBrowserClose", "DialMediaRouteProvider", "GlobalMediaControls",
        "HttpsUpgrades", "LensOverlay", "MediaRouter", "PaintHolding", "ThirdPartyStoragePartitioning",
        "BlockOriginHeaderModificationOnRedirect", "AvoidCorsURLLoaderRestartOnRedirect", "Translate", "AutoDeElevate",
        "OptimizationHints", "NetworkTimeServiceQuerying", "AimEnabled", "msForceBrowserSignIn", "msEdgeUpdateLaunchServicesPreferredVersion",
    ];

    /// <summary>
    /// Browser-interface features that cost every page's context a renderer of its own. Chromium's headless mode is
    /// the whole browser: each context (a window) built its omnibox drop-down as two WebUI pages
    /// (<c>chrome://omnibox-popup.top-chrome/</c>), in a renderer that used more CPU than the scanned page's own
    /// (issue 20, seventh pass: 10.7 s against 6.9 s over six news pages). Nobody types into a scan's address bar.
    /// </summary>
    internal static readonly string[] UnseenInterfaceFeatures = ["WebUIOmniboxPopup", "WebUIOmniboxAimPopup", "WebUIOmniboxFullPopup"];

    public static IReadOnlyList<string> For(bool runningAsRoot)
    {
        string[] args =
        [
            // The closed network refuses Chromium's background connections; without these it spends its time on them.
            "--disable-background-networking", "--disable-component-update", "--no-first-run",
            "--disable-sync", "--disable-gpu", "--disable-quic", "--disable-dev-shm-usage",
            // WebRTC's UDP would bypass the guarded proxy that every other request goes through.
            "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
            "--disable-features=" + string.Join(",", PlaywrightDisabledFeatures.Concat(UnseenInterfaceFeatures)),
        ];
        return runningAsRoot ? [.. args, "--no-sandbox"] : args;
    }
}
