using System.Diagnostics;

namespace GitEntraHelper.EndToEndTests.Infrastructure;

/// <summary>
/// A long-running child (a daemon, a server) whose output is collected while it runs and whose
/// whole process tree is killed on dispose.
/// </summary>
public sealed class BackgroundProcess : IDisposable
{
    private readonly Process _process;
    private readonly OutputBuffer _stdout;
    private readonly OutputBuffer _stderr;

    private BackgroundProcess(Process process, string command)
    {
        _process = process;
        Command = command;
        _stdout = new OutputBuffer(process.StandardOutput);
        _stderr = new OutputBuffer(process.StandardError);
    }

    public string Command { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string StdOut => _stdout.Text;

    public string StdErr => _stderr.Text;

    /// <summary>Starts the process, writes <paramref name="stdin"/> (if any) and closes its standard input.</summary>
    public static BackgroundProcess Start(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null,
        string? stdin = null)
    {
        var args = arguments.ToList();
        var command = ProcessRunner.Describe(fileName, args);
        var process = new Process { StartInfo = ProcessRunner.CreateStartInfo(fileName, args, environment, workingDirectory) };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"Cannot start `{command}`: {e.Message}", e);
        }

        var started = new BackgroundProcess(process, command);
        try
        {
            if (stdin is not null)
            {
                process.StandardInput.Write(stdin);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // It exited before reading; WaitForStdOut/Describe will show why.
        }

        return started;
    }

    /// <summary>
    /// Waits until standard output contains a line for which <paramref name="match"/> is true and
    /// returns that line; fails with the process's output if it exits or the time runs out first.
    /// </summary>
    public async Task<string> WaitForStdOutLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var line = StdOut.Split('\n').SkipLast(1).FirstOrDefault(match);
            if (line is not null)
            {
                return line;
            }

            if (_process.HasExited)
            {
                await Task.WhenAny(_stdout.Completion, Task.Delay(500)).ConfigureAwait(false);
                line = StdOut.Split('\n').FirstOrDefault(match);
                if (line is not null)
                {
                    return line;
                }

                throw new InvalidOperationException($"`{Command}` exited with {_process.ExitCode} before it was ready.\n{Describe()}");
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"`{Command}` was not ready within {timeout.TotalSeconds:F0} s.\n{Describe()}");
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    /// <summary>The exit code once it has exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Waits for it to exit on its own; kills its tree and throws when it overruns.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"`{Command}` did not exit within {timeout.TotalSeconds:F1} s and was killed.\n{Describe()}");
        }

        await Task.WhenAny(Task.WhenAll(_stdout.Completion, _stderr.Completion), Task.Delay(2000)).ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL to it and every descendant, at once (e.g. to interrupt a cache write).</summary>
    public void Kill() => ProcessRunner.KillTree(_process);

    /// <summary>Its command line and output so far, for failure messages.</summary>
    public string Describe() => $"$ {Command}\n--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}";

    public void Dispose()
    {
        ProcessRunner.KillTree(_process);
        _process.Dispose();
    }
}
