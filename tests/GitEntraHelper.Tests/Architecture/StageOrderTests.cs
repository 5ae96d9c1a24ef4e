using System.Text.RegularExpressions;

namespace GitEntraHelper.Tests.Architecture;

/// <summary>
/// Keeps docs/ARCHITECTURE.md's picture true: src/GitEntraHelper's folders are stages in the order below,
/// and a file may use only its own stage and the stages before it. A `using GitEntraHelper.X` (or a
/// qualified `X.Type` / `GitEntraHelper.X.`) naming a later stage fails here, with the file named.
/// </summary>
public sealed partial class StageOrderTests
{
    /// <summary>The order of the stages, written once: each may use those before it, never those after.</summary>
    public static readonly string[] Stages =
    [
        "Diagnostics",  // Secret, one-line failures, the trace
        "Platform",     // files, processes, environment, kernel keyring: the operating system
        "Settings",     // every key and variable, git config, interaction: the service every stage asks
        "Protocol",     // git's credential protocol, both ways
        "AzureDevOps",  // is it ours, which organization, which tenant (IT policy inside)
        "TokenCache",   // MSAL's cache persisted, locked, single flight
        "Identity",     // token sources and the pipeline that picks one
        "MemoryCache",  // the kernel-keyring fast lane of get
        "Setup",        // configure / unconfigure
        "Commands",     // one file per command; HelperContext, the composition root
        "Front",        // the Linux front: answers what needs no identity code, hands the rest to the engine
    ];

    [Fact]
    public void No_file_uses_a_later_stage()
    {
        var sources = SourceFiles().ToList();
        Assert.NotEmpty(sources);
        var typesByStage = Stages.ToDictionary(s => s, _ => new HashSet<string>(StringComparer.Ordinal));
        foreach (var (_, stage, text) in sources)
        {
            if (stage is not null)
            {
                foreach (Match m in TypeDeclaration().Matches(text))
                {
                    typesByStage[stage].Add(m.Groups[1].Value);
                }
            }
        }

        var violations = new List<string>();
        foreach (var (path, stage, text) in sources)
        {
            if (stage is null)
            {
                continue; // Program.cs: the entry point may use every stage
            }

            string code = LineComment().Replace(text, string.Empty);
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (Match m in QualifiedStage().Matches(code))
            {
                used.Add(m.Groups[1].Value);
            }

            foreach (string other in Stages)
            {
                foreach (Match m in Regex.Matches(code, $@"(?<![.\w]){other}\.([A-Z]\w*)"))
                {
                    if (typesByStage[other].Contains(m.Groups[1].Value))
                    {
                        used.Add(other);
                    }
                }
            }

            int own = Array.IndexOf(Stages, stage);
            foreach (string other in used.Where(u => Array.IndexOf(Stages, u) > own))
            {
                violations.Add($"{path}: {stage} uses the later stage {other}");
            }
        }

        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public void Every_folder_is_a_stage_and_every_file_declares_its_folder_as_namespace()
    {
        var problems = new List<string>();
        foreach (var (path, stage, text) in SourceFiles())
        {
            string folder = Path.GetDirectoryName(path)!.Replace('\\', '/');
            if (folder.Length == 0)
            {
                continue;
            }

            string expected = "GitEntraHelper." + folder.Replace('/', '.');
            if (stage is null || !text.Contains($"namespace {expected};", StringComparison.Ordinal))
            {
                problems.Add($"{path}: expected 'namespace {expected};' in a stage folder ({string.Join(", ", Stages)})");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>(path relative to the project, stage or null for top-level files, text).</summary>
    internal static IEnumerable<(string Path, string? Stage, string Text)> SourceFiles()
    {
        string root = Path.Combine(Deployment.Repo.Root, "src", "GitEntraHelper");
        foreach (string file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(root, file);
            if (relative.StartsWith("obj", StringComparison.Ordinal) || relative.StartsWith("bin", StringComparison.Ordinal))
            {
                continue;
            }

            string text = File.ReadAllText(file);
            Match ns = Namespace().Match(text);
            yield return (relative, ns.Success && Stages.Contains(ns.Groups[1].Value) ? ns.Groups[1].Value : null, text);
        }
    }

    [GeneratedRegex(@"^namespace GitEntraHelper\.(\w+)", RegexOptions.Multiline)]
    private static partial Regex Namespace();

    [GeneratedRegex(@"\bGitEntraHelper\.(\w+)")]
    private static partial Regex QualifiedStage();

    [GeneratedRegex(@"\b(?:class|record|interface|enum|struct)\s+([A-Z]\w*)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"//[^\n]*")]
    private static partial Regex LineComment();
}
