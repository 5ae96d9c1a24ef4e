using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Setup;

/// <summary>The outcome of one git process.</summary>
public sealed record GitResult(int ExitCode, string Output, string Error)
{
    /// <summary>git's own first error line, without its "error: " / "fatal: " prefix.</summary>
    public string FirstErrorLine
    {
        get
        {
            string line = Error.Split('\n', 2)[0].Trim();
            foreach (string prefix in (string[])["error: ", "fatal: "])
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return line[prefix.Length..];
                }
            }

            return line.Length > 0 ? line : $"exit code {ExitCode}";
        }
    }
}

/// <summary>
/// Runs git for configure/unconfigure (these are one-off commands, so several processes are fine).
/// Environment overrides let tests point GIT_CONFIG_GLOBAL/GIT_CONFIG_SYSTEM at temporary files.
/// </summary>
public sealed class GitProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _gitExecutable;
    private readonly IReadOnlyDictionary<string, string?> _environment;

    public GitProcess(string gitExecutable = "git", IReadOnlyDictionary<string, string?>? environment = null)
    {
        _gitExecutable = gitExecutable;
        _environment = environment ?? new Dictionary<string, string?>();
    }

    public GitResult Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(_gitExecutable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // GIT_CONFIG would make `git config` read and write one named file instead of the scope we ask for.
        start.Environment.Remove("GIT_CONFIG");
        foreach (var (name, value) in _environment)
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

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new HelperException("cannot run git: is it installed and on PATH?");
        }
        catch (Win32Exception e)
        {
            throw new HelperException($"cannot run git ({e.Message}): is it installed and on PATH?", 1, e);
        }

        using (process)
        {
            process.StandardInput.Close();
            Task<string> error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new HelperException($"git {arguments[0]} did not finish within {Timeout.TotalSeconds:0} s");
            }

            return new GitResult(process.ExitCode, output, error.GetAwaiter().GetResult());
        }
    }
}
