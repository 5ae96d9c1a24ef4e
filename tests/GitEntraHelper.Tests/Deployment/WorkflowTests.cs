using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace GitEntraHelper.Tests.Deployment;

/// <summary>
/// Static checks of .github/workflows (GitHub cannot run here): the YAML parses, every job can run,
/// the platform matrix is complete, actions are pinned, signing comes from inputs and never from
/// secrets, the release only happens on tags, and every script a step runs exists in the repository.
/// </summary>
public sealed partial class WorkflowTests
{
    private static readonly string[] RequiredRuntimes = ["linux-x64", "linux-arm64", "win-x64", "win-arm64", "osx-x64", "osx-arm64"];
    private static readonly string[] SigningInputs = ["windows-sign-command", "macos-codesign-identity", "macos-installer-identity", "macos-notary-profile"];

    public static TheoryData<string> Workflows()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(Path.Combine(Repo.Root, ".github", "workflows"), "*.yml"))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Every_job_has_a_runner_and_steps_that_either_use_a_pinned_action_or_run_a_command(string file)
    {
        YamlMappingNode workflow = Load(file);
        Assert.True(workflow.Children.ContainsKey("name"), $"{file}: no name");
        Assert.True(workflow.Children.ContainsKey("on"), $"{file}: no triggers");
        var jobs = (YamlMappingNode)workflow["jobs"];
        Assert.NotEmpty(jobs.Children);

        foreach (var (id, node) in jobs.Children)
        {
            var job = (YamlMappingNode)node;
            Assert.True(job.Children.ContainsKey("runs-on"), $"{file}: job {id} has no runs-on");
            foreach (string need in Sequence(job, "needs"))
            {
                Assert.True(jobs.Children.ContainsKey(need), $"{file}: job {id} needs unknown job {need}");
            }

            foreach (YamlMappingNode step in ((YamlSequenceNode)job["steps"]).Cast<YamlMappingNode>())
            {
                bool uses = step.Children.ContainsKey("uses");
                bool run = step.Children.ContainsKey("run");
                Assert.True(uses ^ run, $"{file}: a step of job {id} must have exactly one of uses/run");
                if (uses)
                {
                    Assert.Matches(PinnedAction(), Scalar(step, "uses"));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Expressions_are_closed_and_no_secret_is_read(string file)
    {
        string text = File.ReadAllText(Path.Combine(Repo.Root, ".github", "workflows", file));

        Assert.Equal(Count(text, "${{"), Count(text, "}}"));
        Assert.DoesNotContain("secrets.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_build_covers_every_platform_and_architecture_on_its_own_runner()
    {
        YamlMappingNode workflow = Load("build.yml");
        var jobs = (YamlMappingNode)workflow["jobs"];
        var runtimes = new HashSet<string>();
        var runners = new HashSet<string>();
        foreach (var (_, node) in jobs.Children)
        {
            var job = (YamlMappingNode)node;
            string runsOn = Scalar(job, "runs-on");
            if (job.Children.TryGetValue("strategy", out YamlNode? strategy)
                && ((YamlMappingNode)strategy).Children.TryGetValue("matrix", out YamlNode? matrix)
                && ((YamlMappingNode)matrix).Children.TryGetValue("include", out YamlNode? include))
            {
                foreach (YamlMappingNode entry in ((YamlSequenceNode)include).Cast<YamlMappingNode>())
                {
                    if (entry.Children.ContainsKey("rid"))
                    {
                        runtimes.Add(Scalar(entry, "rid"));
                    }

                    runners.Add(entry.Children.ContainsKey("runner") ? Scalar(entry, "runner") : runsOn);
                }
            }
        }

        Assert.Subset(runtimes, RequiredRuntimes.ToHashSet());
        Assert.Subset(runners, new HashSet<string> { "ubuntu-latest", "ubuntu-24.04-arm", "windows-latest", "macos-latest" });
        Assert.True(runtimes.SetEquals(RequiredRuntimes), string.Join(",", runtimes));
    }

    [Fact]
    public void Signing_hooks_are_inputs_of_manual_and_called_runs()
    {
        var on = (YamlMappingNode)Load("build.yml")["on"];
        foreach (string trigger in (string[])["workflow_dispatch", "workflow_call"])
        {
            var inputs = (YamlMappingNode)((YamlMappingNode)on[trigger])["inputs"];
            foreach (string input in SigningInputs)
            {
                Assert.True(inputs.Children.ContainsKey(input), $"{trigger} has no input {input}");
                Assert.Equal("string", Scalar((YamlMappingNode)inputs[input], "type"));
            }
        }
    }

    [Fact]
    public void The_release_runs_only_for_version_tags_after_every_build_and_may_write_releases_only()
    {
        var jobs = (YamlMappingNode)Load("build.yml")["jobs"];
        var release = (YamlMappingNode)jobs["release"];

        Assert.Contains("refs/tags/v", Scalar(release, "if"), StringComparison.Ordinal);
        Assert.Subset(Sequence(release, "needs").ToHashSet(), new HashSet<string> { "linux", "windows", "macos", "macos-universal" });
        Assert.Equal("write", Scalar((YamlMappingNode)release["permissions"], "contents"));
        Assert.Equal("read", Scalar((YamlMappingNode)Load("build.yml")["permissions"], "contents"));
    }

    [Theory]
    [InlineData("e2e-windows", "windows-latest", "win-x64", "git-credential-entra.exe")]
    [InlineData("e2e-macos", "macos-latest", "osx-arm64", "git-credential-entra")]
    public void The_end_to_end_suite_runs_on_windows_and_macos_against_a_native_publish_for_that_os(string id, string runner, string rid, string binary)
    {
        var job = (YamlMappingNode)((YamlMappingNode)Load("build.yml")["jobs"])[id];
        string steps = Steps(job);

        Assert.Equal(runner, Scalar(job, "runs-on"));
        Assert.Contains($"dotnet publish src/GitEntraHelper/GitEntraHelper.csproj -c Release -r {rid} -o artifacts/e2e/helper", steps, StringComparison.Ordinal);
        // The suite drives exactly that binary (PublishedHelper reads GIT_ENTRA_TEST_BINARY) and a git >= 2.46.
        Assert.Matches($@"GIT_ENTRA_TEST_BINARY\W*=[^\n]*artifacts/e2e/helper/{Regex.Escape(binary)}['""]", steps);
        Assert.Contains("GIT_ENTRA_TEST_GIT_NEW", steps, StringComparison.Ordinal);
        Assert.Contains("dotnet test tests/GitEntraHelper.EndToEndTests/GitEntraHelper.EndToEndTests.csproj", steps, StringComparison.Ordinal);
        Assert.Contains("--blame-hang-timeout", steps, StringComparison.Ordinal);
        Assert.True(job.Children.ContainsKey("timeout-minutes"), $"{id} has no time limit");
        // The variables the workflow sets are the ones the suite reads.
        Assert.Contains("\"GIT_ENTRA_TEST_BINARY\"", Repo.Read("tests", "GitEntraHelper.EndToEndTests", "Infrastructure", "PublishedHelper.cs"), StringComparison.Ordinal);
        Assert.Contains("\"GIT_ENTRA_TEST_GIT_NEW\"", Repo.Read("tests", "GitEntraHelper.EndToEndTests", "Infrastructure", "Gits.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_macos_run_keeps_tokens_in_a_temporary_keychain_and_never_writes_the_login_keychain()
    {
        var job = (YamlMappingNode)((YamlMappingNode)Load("build.yml")["jobs"])["e2e-macos"];
        var steps = ((YamlSequenceNode)job["steps"]).Cast<YamlMappingNode>().ToList();
        string setup = Scalar(steps.Single(s => Run(s).Contains("security create-keychain", StringComparison.Ordinal)), "run");
        YamlMappingNode cleanup = steps.Single(s => Run(s).Contains("security delete-keychain", StringComparison.Ordinal));
        int tests = steps.FindIndex(s => Run(s).Contains("dotnet test", StringComparison.Ordinal));

        // Made, unlocked, first in the search list and the default before the tests; the variable is the one the suite checks.
        Assert.True(steps.FindIndex(s => Run(s).Contains("security create-keychain", StringComparison.Ordinal)) < tests);
        foreach (string command in (string[])["security unlock-keychain", "security list-keychains -d user -s \"$keychain\"", "security default-keychain -d user -s \"$keychain\""])
        {
            Assert.Contains(command, setup, StringComparison.Ordinal);
        }

        string variable = Regex.Match(Repo.Read("tests", "GitEntraHelper.EndToEndTests", "Infrastructure", "Platform", "MacKeychainStore.cs"), @"Variable = ""(\w+)""").Groups[1].Value;
        Assert.Contains($"{variable}=$keychain", setup, StringComparison.Ordinal);
        Assert.DoesNotContain("login.keychain", Steps(job), StringComparison.Ordinal); // the original default is restored by name, never written
        // Deleted, and the original default restored, whatever the tests did.
        Assert.Equal("always()", Scalar(cleanup, "if"));
        Assert.Contains("security default-keychain -d user -s \"$GIT_ENTRA_ORIGINAL_KEYCHAIN\"", Scalar(cleanup, "run"), StringComparison.Ordinal);
        Assert.True(steps.IndexOf(cleanup) > tests);
    }

    [Fact]
    public void The_windows_msi_is_built_from_help_files_the_helper_generated_just_before()
    {
        var job = (YamlMappingNode)((YamlMappingNode)Load("build.yml")["jobs"])["windows"];
        var steps = ((YamlSequenceNode)job["steps"]).Cast<YamlMappingNode>().ToList();
        int publish = steps.FindIndex(s => Run(s).Contains("dotnet publish src/GitEntraHelper/GitEntraHelper.csproj", StringComparison.Ordinal));
        int help = steps.FindIndex(s => Run(s).Contains("installer/help-files.sh", StringComparison.Ordinal));
        int msi = steps.FindIndex(s => Run(s).Contains("installer/windows/GitCredentialEntra.wixproj", StringComparison.Ordinal));

        Assert.True(publish >= 0 && publish < help && help < msi, $"publish {publish}, help files {help}, MSI {msi}");
        Assert.Equal("bash", Scalar(steps[help], "shell")); // Git Bash on windows-latest
        Assert.Matches(@"installer/help-files\.sh ""\$helper"" artifacts/help\b", Run(steps[help]));
        Assert.Contains("-p:HelpDir=${{ github.workspace }}/artifacts/help/", Run(steps[msi]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("windows", "OS!=Linux&OS!=Unix")]
    [InlineData("macos", "OS!=Linux")]
    public void Unit_tests_on_windows_and_macos_leave_out_exactly_the_tests_marked_for_other_systems(string id, string filter)
    {
        var job = (YamlMappingNode)((YamlMappingNode)Load("build.yml")["jobs"])[id];

        Assert.Contains($"dotnet test tests/GitEntraHelper.Tests/GitEntraHelper.Tests.csproj -c Release --no-build --filter \"{filter}\"", Steps(job), StringComparison.Ordinal);
        Assert.Equal("OS", OsTraits.Name);
        Assert.Contains($"OS!={OsTraits.Linux}", filter, StringComparison.Ordinal);
        Assert.Equal(id == "windows", filter.Contains($"OS!={OsTraits.Unix}", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Every_repository_script_a_step_runs_exists(string file)
    {
        string text = File.ReadAllText(Path.Combine(Repo.Root, ".github", "workflows", file));
        var scripts = ScriptPath().Matches(text).Select(m => m.Value).Distinct().ToList();

        Assert.NotEmpty(scripts);
        foreach (string script in scripts)
        {
            string path = Path.Combine(Repo.Root, script);
            Assert.True(File.Exists(path), $"{file} runs {script}, which does not exist");
            if (!OperatingSystem.IsWindows() && !script.EndsWith(".ps1", StringComparison.Ordinal) && !script.StartsWith(".ci/", StringComparison.Ordinal))
            {
                Assert.True((File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0, $"{script} is not executable");
            }
        }
    }

    private static YamlMappingNode Load(string file)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Repo.Root, ".github", "workflows", file));
        yaml.Load(reader);
        return (YamlMappingNode)Assert.Single(yaml.Documents).RootNode;
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value ?? "";

    private static string Run(YamlMappingNode step) => step.Children.ContainsKey("run") ? Scalar(step, "run") : "";

    /// <summary>Every run: of a job, joined, with Windows path separators as '/'.</summary>
    private static string Steps(YamlMappingNode job) =>
        string.Join("\n", ((YamlSequenceNode)job["steps"]).Cast<YamlMappingNode>().Select(Run)).Replace('\\', '/');

    private static IEnumerable<string> Sequence(YamlMappingNode node, string key) =>
        !node.Children.TryGetValue(key, out YamlNode? value) ? []
        : value is YamlSequenceNode list ? list.Cast<YamlScalarNode>().Select(s => s.Value ?? "")
        : [((YamlScalarNode)value).Value ?? ""];

    private static int Count(string text, string token) => (text.Length - text.Replace(token, "", StringComparison.Ordinal).Length) / token.Length;

    /// <summary>owner/repo@vN (a major tag) or @ a full commit SHA.</summary>
    [GeneratedRegex(@"^[\w.-]+/[\w./-]+@(v\d+(\.\d+)*|[0-9a-f]{40})$")]
    private static partial Regex PinnedAction();

    [GeneratedRegex(@"(?<![\w/.-])(eng|installer|\.ci)/[\w./-]+\.(sh|ps1)|\.ci/run")]
    private static partial Regex ScriptPath();
}
