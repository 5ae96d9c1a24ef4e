using System.Diagnostics;
using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.Emulator;

/// <summary>The real git with a throw-away HOME, no system config, the emulator's CA, and no prompts.</summary>
internal sealed class GitProcess : IDisposable
{
    private readonly EmulatorFixture _emulator;

    public GitProcess(EmulatorFixture emulator)
    {
        _emulator = emulator;
        Home = Directory.CreateTempSubdirectory("git-home-").FullName;
    }

    public string Home { get; }

    public async Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(string? workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory ?? Home,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var env = start.Environment;
        env["HOME"] = Home;
        env["XDG_CONFIG_HOME"] = Path.Combine(Home, ".config");
        env["GIT_CONFIG_NOSYSTEM"] = "1";
        env["GIT_TERMINAL_PROMPT"] = "0";
        env["GIT_SSL_CAINFO"] = _emulator.CaFile; // the machine may set its own; this run trusts only the emulator
        env["GIT_AUTHOR_NAME"] = "Test Author";
        env["GIT_AUTHOR_EMAIL"] = "author@contoso.example";
        env["GIT_COMMITTER_NAME"] = "Test Author";
        env["GIT_COMMITTER_EMAIL"] = "author@contoso.example";
        env.Remove("GIT_ASKPASS");
        env.Remove("SSH_ASKPASS");

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"git {string.Join(' ', arguments)} did not finish in 60 s");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs git with an Authorization header for every request (http.extraHeader).</summary>
    public Task<(int ExitCode, string StdOut, string StdErr)> RunWithHeaderAsync(string? workingDirectory, string authorization, params string[] arguments) =>
        RunAsync(workingDirectory, ["-c", "credential.helper=", "-c", $"http.extraHeader=Authorization: {authorization}", .. arguments]);

    public string NewDirectory(string name) => Path.Combine(Home, name + "-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
