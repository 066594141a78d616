// The end-to-end tests drive a Linux Chromium, Debian paths and Unix file modes (runuser, chmod): they run on Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
