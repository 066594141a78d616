namespace Scanner.Cli.Scanning;

/// <summary>
/// What to do about a --baseline that cannot be used. It suggests `baseline create --output FILE` only when FILE does
/// not exist: a hint must never lead anyone to overwrite a page or report that merely was given by mistake.
/// </summary>
public static class BaselineHint
{
    public static string For(string path) => File.Exists(path)
        ? $"--baseline takes the file that 'scanner baseline create' writes, or the JSON report of a scan; {Path.GetFileName(path)} is neither and is left as it is"
        : $"create it with 'scanner baseline create --from report.json --output {path}'";
}
