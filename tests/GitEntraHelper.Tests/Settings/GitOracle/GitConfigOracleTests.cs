using System.Diagnostics;
using GitEntraHelper.AzureDevOps;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.MemoryCache;
using GitEntraHelper.Platform;
using GitEntraHelper.Protocol;
using GitEntraHelper.Settings.GitConfig;
using NSubstitute;
using Xunit.Abstractions;

namespace GitEntraHelper.Tests.Settings.GitOracle;

/// <summary>
/// git itself as the oracle for the front's reading of git config (issue 18, part 3): over seeded
/// random configuration worlds (<see cref="ConfigWorlds"/>), with git 2.39 and the built git ≥ 2.46,
/// whenever the helper says "not ours" git must declare no Azure DevOps provider for the URL, and
/// whenever two worlds get the same memory-cache key with the same values of every variable the
/// lookup read (a hit), `git config --get-urlmatch credential URL` must answer both the same.
/// Worlds where the helper asks git to be sure (no key, or "maybe ours") are counted, never wrong.
/// </summary>
public sealed class GitConfigOracleTests(ITestOutputHelper output) : IDisposable
{
    private const int Seed = 18_3;
    private const int Families = 300;
    private const int VariantsPerFamily = 4;
    private static readonly string[] Urls = [$"https://{ConfigWorlds.CustomHost}/org/proj/_git/repo", "https://dev.azure.com/org/proj/_git/repo"];

    private readonly string _root = FileStatus.RealPath(Directory.CreateTempSubdirectory("gce-oracle-").FullName)!;

    [Fact]
    public async Task The_helper_never_says_not_ours_or_hit_where_git_answers_otherwise()
    {
        string[] gits = ["/usr/bin/git", NewGit()];
        var worlds = new ConfigWorlds(Seed, _root);
        var cache = new MemoryTokenCache(Substitute.For<IKernelKeyring>(), new HelperPaths(_root, _root), TimeProvider.System);
        var groups = new Dictionary<string, (string Answer, string World)>(StringComparer.Ordinal);
        var disagreements = new List<string>();
        int worldCount = 0, notOurs = 0, askedGit = 0, hitsChecked = 0;
        var clock = Stopwatch.StartNew();

        for (int family = 0; family < Families; family++)
        {
            string directory = worlds.WriteFamily(family);
            for (int variant = 0; variant < VariantsPerFamily; variant++)
            {
                foreach (string git in gits)
                {
                    ConfigWorld world = worlds.Variant(family, variant, directory, Path.GetDirectoryName(git)!);
                    worldCount++;
                    foreach (string url in Urls)
                    {
                        string answer = await GitAnswerAsync(git, world, url);
                        var variables = new DictionaryEnvironmentVariables();
                        foreach (var (name, value) in world.Environment)
                        {
                            variables[name] = value;
                        }

                        var environment = new RecordingEnvironment(variables);
                        var prescan = new DeclaredProviderPrescan(environment, world.WorkingDirectory);
                        CredentialRequest request = CredentialReader.Read($"url={url}\n\n");
                        string where = $"git {Path.GetDirectoryName(git)} {url} family {family} variant {variant}: {world.Description}";

                        if (!RemoteResolver.MayBeOurs(prescan, request, out _))
                        {
                            notOurs++;
                            if (DeclaresProvider(answer))
                            {
                                disagreements.Add($"not ours, but git declares a provider — {where}\n{answer}");
                                KeepForInspection(directory, disagreements.Count);
                            }

                            continue;
                        }

                        var lane = new MemoryCacheLane(cache, prescan, environment, HelperTrace.Disabled);
                        if (lane.KeyFor(request) is not { } key)
                        {
                            askedGit++;
                            continue;
                        }

                        string group = $"{git}\n{key.Context}\n{RecordingEnvironment.Digest(environment, environment.NamesRead)}\n{string.Join('\0', environment.NamesRead)}";
                        if (groups.TryGetValue(group, out var first))
                        {
                            hitsChecked++;
                            if (first.Answer != answer)
                            {
                                disagreements.Add($"hit, but git answers differently — {where}\nfirst: {first.World}\n{first.Answer}\nthis:\n{answer}");
                                KeepForInspection(directory, disagreements.Count);
                            }
                        }
                        else
                        {
                            groups[group] = (answer, where);
                        }
                    }
                }
            }
        }

        output.WriteLine($"{worldCount} worlds, {worldCount * Urls.Length} requests in {clock.Elapsed.TotalSeconds:0.0} s: "
            + $"{notOurs} not ours, {hitsChecked} hits checked against git, {askedGit} asked git to be sure (no key), {disagreements.Count} disagreements");
        Assert.True(worldCount >= 1000, $"only {worldCount} worlds");
        Assert.True(hitsChecked > 100 && notOurs > 100, $"the worlds exercise too little: {hitsChecked} hits, {notOurs} not ours");
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} disagreements with git; the first:\n{string.Join("\n\n", disagreements.Take(3))}");
    }

    /// <summary>The first disagreements' family directories, copied beside the test's temporary folder for a person to read.</summary>
    private void KeepForInspection(string directory, int number)
    {
        if (number <= 3)
        {
            string copy = _root + $"-disagreement-{number}";
            CopyDirectory(directory, copy);
            output.WriteLine($"disagreement {number}: the world's files are kept in {copy}");
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }

        foreach (string sub in Directory.GetDirectories(from))
        {
            CopyDirectory(sub, Path.Combine(to, Path.GetFileName(sub)));
        }
    }

    /// <summary>git's answer for the URL in this world: exit code and every credential.* key it matched.</summary>
    private static async Task<string> GitAnswerAsync(string git, ConfigWorld world, string url)
    {
        var start = new ProcessStartInfo(git, ["config", "--null", "--get-urlmatch", "credential", url])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = world.WorkingDirectory,
        };
        start.Environment.Clear();
        foreach (var (name, value) in world.Environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        string error = await stderr;
        return $"exit {process.ExitCode}\n{(await stdout).Replace('\0', '\n')}{(process.ExitCode > 1 ? error : "")}";
    }

    /// <summary>Whether git's answer (exit 0) makes the URL's host Azure DevOps, as the engine reads credential.provider.</summary>
    private static bool DeclaresProvider(string answer)
    {
        string[] lines = answer.Split('\n');
        if (lines[0] != "exit 0")
        {
            return false;
        }

        for (int i = 1; i + 1 < lines.Length; i++)
        {
            if (lines[i] == "credential.provider" && lines[i + 1].Trim().ToLowerInvariant() is "azure-devops" or "azure-repos")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The git ≥ 2.46 eng/build-git.sh builds (GIT_ENTRA_TEST_GIT_NEW names another); missing fails the test with the fix.</summary>
    private static string NewGit()
    {
        string? configured = Environment.GetEnvironmentVariable("GIT_ENTRA_TEST_GIT_NEW");
        string cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        string path = string.IsNullOrEmpty(configured) ? Path.Combine(cache, "git-credential-entra-tests", "git", "bin", "git") : configured;
        Assert.True(File.Exists(path), $"git ≥ 2.46 not found at {path}: run eng/build-git.sh");
        return path;
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
