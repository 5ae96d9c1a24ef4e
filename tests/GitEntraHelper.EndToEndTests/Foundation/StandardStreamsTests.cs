using System.Diagnostics;
using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.Foundation;

/// <summary>
/// Callers that close a standard stream or keep the pipe open (a careless script, a hostile one): the
/// published front and engine never put a token on the wrong stream, never hang after the blank line,
/// never print a stack trace or leave a core file.
/// </summary>
public sealed class StandardStreamsTests
{
    private const string NotOurs = "protocol=https\nhost=github.com\n\n";

    [OsTheory(TestOs.Unix, "file descriptors closed or reopened by a POSIX shell")]
    [InlineData("get <&-")] // stdin closed: as git does, it reads as /dev/null
    [InlineData("get <&- 2>&- 3>&-")]
    [InlineData("erase <&-")]
    public void A_closed_stdin_reads_as_empty_input(string redirections)
    {
        using var sandbox = new GitSandbox();
        sandbox.Environment["GIT_ENTRA_TRACE"] = "1";
        var closed = Shell(sandbox, redirections);
        var empty = Shell(sandbox, redirections.Replace("<&-", "</dev/null", StringComparison.Ordinal));

        Assert.Equal(empty.ExitCode, closed.ExitCode);
        Assert.Equal(empty.StdOut, closed.StdOut);
        AssertNoCrash(sandbox, closed);
    }

    [OsFact(TestOs.Unix, "file descriptors closed or reopened by a POSIX shell")]
    public void An_unreadable_stdin_is_one_line_and_exit_1()
    {
        using var sandbox = new GitSandbox();
        var result = Shell(sandbox, "get 0>/dev/null"); // open for writing only: every read fails

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.StdOut);
        var line = Assert.Single(HelperLines(result));
        Assert.StartsWith("git-credential-entra: cannot read git's request from standard input", line, StringComparison.Ordinal);
        AssertNoCrash(sandbox, result);
    }

    [OsTheory(TestOs.Unix, "file descriptors closed or reopened by a POSIX shell")]
    [InlineData("get 2>&-")] // stderr closed, tracing on
    [InlineData("get 2</dev/null")] // stderr open for reading only: every trace write fails
    [InlineData("erase 2>&-")]
    public void A_closed_or_unwritable_stderr_with_tracing_still_answers_and_never_crashes(string redirections)
    {
        using var sandbox = new GitSandbox();
        sandbox.Environment["GIT_ENTRA_TRACE"] = "1";
        var result = Shell(sandbox, redirections, NotOurs);

        Assert.True(result.ExitCode is 0 or 1, result.ToString());
        Assert.Equal("", result.StdOut);
        AssertNoCrash(sandbox, result);
    }

    [OsTheory(TestOs.Unix, "file descriptors closed or reopened by a POSIX shell")]
    [InlineData(NotOurs, 0)] // the front answers
    [InlineData("protocol=https\nhost=dev.azure.com\nhost=again\n", 1)] // a refused line: the engine reports it
    public async Task The_front_stops_at_the_blank_line_or_the_first_refused_line_while_the_pipe_stays_open(string request, int exitCode)
    {
        using var sandbox = new GitSandbox();
        var start = new ProcessStartInfo(PublishedHelper.Path, ["get"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = sandbox.WorkDirectory,
        };
        start.Environment.Clear();
        foreach (var (name, value) in sandbox.BuildEnvironment())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Write(request);
        process.StandardInput.Flush(); // and the pipe stays open, as `(printf …; sleep 20) | helper get` keeps it
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(8));
        bool exited = true;
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            exited = false;
            process.Kill();
        }

        Assert.True(exited, "the helper waited for the end of input after the request");
        Assert.Equal(exitCode, process.ExitCode);
        if (exitCode == 1)
        {
            Assert.Contains("repeats 'host'", await stderr, StringComparison.Ordinal);
        }
    }

    /// <summary>Runs the published helper through sh with <paramref name="redirections"/> (command first).</summary>
    internal static ProcessResult Shell(GitSandbox sandbox, string redirections, string? stdin = "") =>
        sandbox.Run("/bin/sh", stdin, "-c", $"exec \"$0\" {redirections}", PublishedHelper.Path);

    internal static IEnumerable<string> HelperLines(ProcessResult result) => result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    internal static void AssertNoCrash(GitSandbox sandbox, ProcessResult result)
    {
        foreach (string text in new[] { result.StdOut, result.StdErr })
        {
            Assert.DoesNotContain("Unhandled exception", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("   at ", text, StringComparison.Ordinal); // a .NET stack frame
        }

        Assert.Empty(Directory.EnumerateFiles(sandbox.Root, "core*", SearchOption.AllDirectories));
    }
}
