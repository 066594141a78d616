using Scanner.EndToEnd.Tests.Corpus;

// dotnet run --project tools/DevCorpus -- OUT [SHARED]: the development corpus (tests/corpus/dev) written into OUT,
// from SHARED/corpus/clean (default ../shared beside the repository). Then:
//   scanner eval OUT --labels OUT/labels.tsv [--where split=dev]
var repo = AppContext.BaseDirectory;
while (repo is not null && !File.Exists(Path.Combine(repo, "Scanner.sln"))) repo = Path.GetDirectoryName(repo);
if (args.Length < 1 || repo is null)
{
    Console.Error.WriteLine("usage: dotnet run --project tools/DevCorpus -- OUT [SHARED]");
    return 2;
}
var shared = args.Length > 1 ? args[1] : Path.Combine(repo, "..", "shared");
var rows = new DevCorpusGenerator(Path.Combine(shared, "corpus", "clean"), Path.Combine(repo, "tests", "corpus", "dev")).Generate(args[0]);
Console.WriteLine($"{rows.Count} pages ({rows.Count(r => r.Label == "spam")} spam, {rows.Count(r => r.Label == "clean")} clean; "
    + $"{rows.Count(r => r.Split == "dev")} dev, {rows.Count(r => r.Split == "holdout")} holdout) and {DevCorpusGenerator.LabelsFileName} in {args[0]}");
return 0;
