using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Platform;

/// <summary>A program to run: found on PATH as git finds programs (<see cref="ExecutableSearch"/>), never through a shell.</summary>
/// <param name="Program">A name looked up on PATH, or a path.</param>
/// <param name="Arguments">Passed as they are (no shell quoting).</param>
/// <param name="Timeout">After this the whole process tree is killed.</param>
public sealed record CommandSpec(string Program, IReadOnlyList<string> Arguments, TimeSpan Timeout)
{
    /// <summary>Variables to set (a value) or remove (null) for the child only.</summary>
    public IReadOnlyDictionary<string, string?>? EnvironmentChanges { get; init; }

    /// <summary>
    /// Written to the child's stdin, which is then closed (git's credential protocol); null: stdin closed at
    /// once. Never logged: it may carry a secret.
    /// </summary>
    public string? StandardInput { get; init; }
}

/// <summary>What a finished (or killed) child process left behind.</summary>
public sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut);

/// <summary>Runs child processes (git, az, browsers); the seam unit tests replace.</summary>
public interface ICommandRunner
{
    /// <summary>Runs to completion with stdin closed (after <see cref="CommandSpec.StandardInput"/>), stdout and stderr captured as UTF-8.</summary>
    /// <returns>The result, or null when the program is not installed (not found on PATH).</returns>
    /// <exception cref="Diagnostics.HelperException">The program is on PATH but could not be started.</exception>
    Task<CommandResult?> RunAsync(CommandSpec command, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a program that may keep running (a browser) and waits at most <paramref name="wait"/> for it:
    /// its exit code when it ended by then, null while it still runs, 127 when it cannot be started.
    /// </summary>
    Task<int?> StartAsync(CommandSpec command, TimeSpan wait);
}

/// <summary>The real runner: the one place this program starts other programs.</summary>
public sealed class CommandRunner(IEnvironmentVariables environment) : ICommandRunner
{
    public async Task<CommandResult?> RunAsync(CommandSpec command, CancellationToken cancellationToken)
    {
        if (ExecutableSearch.Find(command.Program, environment) is not { } path)
        {
            return null;
        }

        var start = StartInfo(path, command);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.StandardInputEncoding = new UTF8Encoding(false);
        start.StandardOutputEncoding = new UTF8Encoding(false);
        start.StandardErrorEncoding = new UTF8Encoding(false);

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            // Found on PATH but not started (no permission, not an executable, the OS failing the start):
            // not "is it installed?", which would send the user looking for the wrong thing.
            throw new HelperException($"cannot start {path}: {e.Message} (error {e.NativeErrorCode})", inner: e);
        }

        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        if (command.StandardInput is { } input)
        {
            try
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken).ConfigureAwait(false);
                await process.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // The child exited without reading all of it; its exit code tells what happened.
            }
        }

        process.StandardInput.Close(); // never let the child wait for a human
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(command.Timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            return new CommandResult(-1, string.Empty, string.Empty, TimedOut: true);
        }

        return new CommandResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false), TimedOut: false);
    }

    public async Task<int?> StartAsync(CommandSpec command, TimeSpan wait)
    {
        if (ExecutableSearch.Find(command.Program, environment) is not { } path)
        {
            return 127;
        }

        var start = StartInfo(path, command);
        if (OperatingSystem.IsWindows())
        {
            // Keep git's pipes out of the browser; on Unix the caller's shell redirects to /dev/null instead.
            start.RedirectStandardInput = true;
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException();
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            return 127;
        }

        using (process)
        {
            using var timeout = new CancellationTokenSource(wait);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                return process.ExitCode;
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }
    }

    private static ProcessStartInfo StartInfo(string path, CommandSpec command)
    {
        var start = new ProcessStartInfo(path) { UseShellExecute = false, CreateNoWindow = true };
        foreach (string argument in command.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (command.EnvironmentChanges is { } changes)
        {
            foreach (var (name, value) in changes)
            {
                if (value is null)
                {
                    start.Environment.Remove(name);
                }
                else
                {
                    start.Environment[name] = value;
                }
            }
        }

        return start;
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited in the meantime.
        }
    }
}
