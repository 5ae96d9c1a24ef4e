using System.Diagnostics;
using System.Text;

namespace GitEntraHelper.EndToEndTests.Infrastructure;

/// <summary>
/// Runs a process to completion with an exact environment, optional standard input and a time-out.
/// On time-out the whole process tree is killed and <see cref="ProcessTimeoutException"/> reports
/// what the process had written so far. Standard input is always redirected and closed after
/// <c>stdin</c> is written, so nothing under test can wait for a human.
/// </summary>
public static class ProcessRunner
{
    /// <summary>How long to wait for pipes to close after the process itself has exited.</summary>
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(5);

    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment,
        string? workingDirectory,
        string? stdin,
        TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        var args = arguments.ToList();
        var command = Describe(fileName, args);
        using var process = new Process { StartInfo = CreateStartInfo(fileName, args, environment, workingDirectory) };
        var stopwatch = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Cannot start `{command}`: {e.Message}", e);
        }

        var stdout = new OutputBuffer(process.StandardOutput);
        var stderr = new OutputBuffer(process.StandardError);
        var writeInput = WriteInputAsync(process.StandardInput, stdin);

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            KillTree(process);
            await Task.WhenAny(Task.WhenAll(stdout.Completion, stderr.Completion), Task.Delay(DrainGrace)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw new ProcessTimeoutException(command, timeout, stdout.Text, stderr.Text);
        }

        // A grandchild that outlives the process may keep a pipe open; don't wait for it forever.
        await Task.WhenAny(Task.WhenAll(stdout.Completion, stderr.Completion, writeInput), Task.Delay(DrainGrace)).ConfigureAwait(false);
        return new ProcessResult(command, process.ExitCode, stdout.Text, stderr.Text, stopwatch.Elapsed).CheckFailureLineWidth();
    }

    internal static ProcessStartInfo CreateStartInfo(
        string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, string? workingDirectory)
    {
        var startInfo = new ProcessStartInfo(ResolveOnPath(fileName, environment))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
            StandardInputEncoding = new UTF8Encoding(false),
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            startInfo.Environment.Clear();
            foreach (var (name, value) in environment)
            {
                startInfo.Environment[name] = value;
            }
        }

        return startInfo;
    }

    /// <summary>
    /// A bare program name is looked up on the PATH the child will get (Process.Start would use ours,
    /// so a sandbox that puts another git first on PATH would still run /usr/bin/git).
    /// </summary>
    private static string ResolveOnPath(string fileName, IReadOnlyDictionary<string, string>? environment)
    {
        if (fileName.Contains('/', StringComparison.Ordinal) || fileName.Contains('\\', StringComparison.Ordinal)
            || environment?.GetValueOrDefault("PATH") is not { } path)
        {
            return fileName;
        }

        // Windows finds programs by extension, not by an execute bit.
        string[] names = OperatingSystem.IsWindows() && !Path.HasExtension(fileName) ? [fileName + ".exe", fileName + ".cmd"] : [fileName];
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => names.Select(name => Path.Combine(dir, name)))
            .FirstOrDefault(candidate => File.Exists(candidate) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & UnixFileMode.UserExecute) != 0))
            ?? fileName;
    }

    internal static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    internal static string Describe(string fileName, IReadOnlyList<string> arguments) =>
        string.Join(' ', new[] { fileName }.Concat(arguments.Select(Quote)));

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:@,+%".Contains(c))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static async Task WriteInputAsync(StreamWriter input, string? text)
    {
        try
        {
            if (!string.IsNullOrEmpty(text))
            {
                await input.WriteAsync(text).ConfigureAwait(false);
                await input.FlushAsync().ConfigureAwait(false);
            }
        }
        catch (IOException)
        {
            // The process exited without reading all of its input; that is its business.
        }
        finally
        {
            try
            {
                input.Close();
            }
            catch (IOException)
            {
                // Broken pipe on close: same as above.
            }
        }
    }
}
