using System.ComponentModel;
using System.Diagnostics;

namespace GitEntraHelper.Identity.Workload;

/// <summary>What a finished (or killed) child process left behind.</summary>
internal sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut);

/// <summary>Runs a command with a time-out; the seam unit tests replace.</summary>
internal interface ICommandRunner
{
    /// <returns>The result, or null when the program is not installed (not on PATH).</returns>
    Task<CommandResult?> RunAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>Runs a program found on PATH, without a shell, killing its process tree on time-out.</summary>
internal sealed class CommandRunner : ICommandRunner
{
    public async Task<CommandResult?> RunAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var path = FindOnPath(program);
        if (path is null) return null;

        var start = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception)
        {
            return null;
        }
        process.StandardInput.Close(); // never let the child wait for a human

        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            cancellationToken.ThrowIfCancellationRequested();
            return new CommandResult(-1, string.Empty, string.Empty, TimedOut: true);
        }
        return new CommandResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false), TimedOut: false);
    }

    /// <summary>PATH lookup, with Windows' script extensions (az is az.cmd there).</summary>
    internal static string? FindOnPath(string program)
    {
        if (Path.IsPathRooted(program)) return File.Exists(program) ? program : null;
        var extensions = OperatingSystem.IsWindows()
            ? (Environment.GetEnvironmentVariable("PATHEXT") ?? ".COM;.EXE;.BAT;.CMD").Split(';', StringSplitOptions.RemoveEmptyEntries)
            : [string.Empty];
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var ext in extensions)
            {
                var candidate = Path.Combine(dir, program + ext);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }
}
