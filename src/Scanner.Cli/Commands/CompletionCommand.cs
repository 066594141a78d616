using System.CommandLine;

namespace Scanner.Cli.Commands;

/// <summary>
/// `scanner completion bash|zsh`: a shell function that asks scanner itself what can come next, through
/// System.CommandLine's `[suggest:POSITION]` directive (the protocol dotnet-suggest uses), so completions always
/// match this version's commands, options and option values.
/// </summary>
public static class CompletionCommand
{
    private static readonly Argument<string> Shell = new Argument<string>("shell") { Description = "bash or zsh" }.AcceptOnlyFromAmong("bash", "zsh");

    public const string Bash = """
        # scanner completion for bash: eval "$(scanner completion bash)" in ~/.bashrc
        _scanner_complete() {
            local IFS=$'\n'
            local candidates
            candidates=$("${COMP_WORDS[0]}" "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)
            COMPREPLY=( $(compgen -W "${candidates}" -- "${COMP_WORDS[COMP_CWORD]}") )
        }
        complete -o default -F _scanner_complete scanner
        """;

    public const string Zsh = """
        # scanner completion for zsh: eval "$(scanner completion zsh)" in ~/.zshrc (after compinit)
        _scanner_complete() {
            local -a candidates
            candidates=("${(@f)$(${words[1]} "[suggest:${#${BUFFER[1,CURSOR]}}]" "${BUFFER}" 2>/dev/null)}")
            compadd -a candidates
            [[ -n ${candidates[1]} ]] || _files
        }
        compdef _scanner_complete scanner
        """;

    public static Command Create()
    {
        var completion = new Command("completion", "Print the shell completion script for bash or zsh (eval \"$(scanner completion bash)\")");
        completion.Arguments.Add(Shell);
        completion.SetAction(parse =>
        {
            Console.WriteLine(parse.GetValue(Shell) == "zsh" ? Zsh : Bash);
            return ExitCodes.Passed;
        });
        return completion;
    }
}
