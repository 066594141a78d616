using System.CommandLine;
using Scanner.Cli.Commands;

namespace Scanner.Cli.CommandLine;

/// <summary>The `scanner` command and its subcommands, as Program parses them (tests parse the same tree).</summary>
public static class ScannerCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand("scanner: finds injected SEO spam (hidden links, spam keywords, hijacked titles) in web pages");
        root.Subcommands.Add(ScanCommand.Create());
        root.Subcommands.Add(RulesCommand.Create());
        root.Subcommands.Add(BaselineCommand.Create());
        root.Subcommands.Add(MergeCommand.Create());
        root.Subcommands.Add(HistoryCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(DoctorCommand.Create());
        root.Subcommands.Add(InitCommand.Create());
        root.Subcommands.Add(CompletionCommand.Create());
        // --version after any command (`scanner scan --version`), as --help is: System.CommandLine puts it on the root only.
        // Like --help it wins over the rest of the line (`scanner scan x --version`, `scanner eval --version` without its
        // required arguments): its own check refuses any other argument.
        foreach (var version in root.Options.OfType<VersionOption>())
        {
            version.Recursive = true;
            version.Validators.Clear();
        }
        return root;
    }
}
