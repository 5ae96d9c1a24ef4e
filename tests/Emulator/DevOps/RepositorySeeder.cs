using System.Diagnostics;

namespace Emulator.DevOps;

/// <summary>
/// Creates each organization's bare repositories ({root}/{org}/{project}/{repo}.git) with one
/// commit on main, using git's plumbing so no working tree is needed.
/// </summary>
internal static class RepositorySeeder
{
    public static async Task SeedAsync(string root, string home, IEnumerable<(string Organization, string Project, string Repository)> repositories)
    {
        await Task.WhenAll(repositories.Select(r => SeedOneAsync(Path.Combine(root, r.Organization, r.Project, r.Repository + ".git"), home, r)));
    }

    private static async Task SeedOneAsync(string gitDir, string home, (string Organization, string Project, string Repository) name)
    {
        Directory.CreateDirectory(gitDir);
        await GitAsync(home, null, null, "init", "--bare", "--quiet", "--initial-branch=main", gitDir);
        var readme = $"# {name.Repository}\n\nThe {name.Organization}/{name.Project} demo repository served by the emulator.\n";
        var blob = await GitAsync(home, gitDir, readme, "hash-object", "-w", "--stdin");
        var tree = await GitAsync(home, gitDir, $"100644 blob {blob}\tREADME.md\n", "mktree");
        var commit = await GitAsync(home, gitDir, null, "commit-tree", tree, "-m", "Initial commit");
        await GitAsync(home, gitDir, null, "update-ref", "refs/heads/main", commit);
    }

    private static async Task<string> GitAsync(string home, string? gitDir, string? input, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["HOME"] = home;
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_AUTHOR_NAME"] = "Emulator";
        start.Environment["GIT_AUTHOR_EMAIL"] = "emulator@contoso.example";
        start.Environment["GIT_COMMITTER_NAME"] = "Emulator";
        start.Environment["GIT_COMMITTER_EMAIL"] = "emulator@contoso.example";
        if (gitDir is not null)
        {
            start.Environment["GIT_DIR"] = gitDir;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("git did not start.");
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {(await error).Trim()}");
        }

        return (await output).Trim();
    }
}
