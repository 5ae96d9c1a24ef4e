using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Settings.GitConfig;

/// <summary>
/// The one <c>git config --null --get-urlmatch credential URL</c> process of a run. Output is
/// "key\nvalue\0" records. Exit code 1 means "no such keys" (not an error).
/// </summary>
public sealed class GitProcessConfigReader : IGitConfigReader
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly HelperTrace _trace;
    private readonly string _gitExecutable;
    private readonly IReadOnlyDictionary<string, string>? _environmentOverrides;

    /// <param name="trace">Where the timing goes.</param>
    /// <param name="gitExecutable">git on PATH unless told otherwise.</param>
    /// <param name="environmentOverrides">Variables set for the git process only (tests isolate git's config this way).</param>
    public GitProcessConfigReader(HelperTrace trace, string gitExecutable = "git", IReadOnlyDictionary<string, string>? environmentOverrides = null)
    {
        _trace = trace;
        _gitExecutable = gitExecutable;
        _environmentOverrides = environmentOverrides;
    }

    public IReadOnlyDictionary<string, string> ReadCredentialSection(string url)
    {
        using var timer = _trace.Time("settings: git config");
        var start = new ProcessStartInfo(_gitExecutable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
        };
        start.ArgumentList.Add("config");
        start.ArgumentList.Add("--null");
        start.ArgumentList.Add("--get-urlmatch");
        start.ArgumentList.Add("credential");
        start.ArgumentList.Add(url);
        // GIT_CONFIG makes `git config` read only that file; git itself ignores it when it calls us.
        start.Environment.Remove("GIT_CONFIG");
        if (_environmentOverrides is not null)
        {
            foreach (var (name, value) in _environmentOverrides)
            {
                start.Environment[name] = value;
            }
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new HelperException("cannot run git to read its configuration");
        }
        catch (Win32Exception e)
        {
            throw new HelperException($"cannot run git to read its configuration: {e.Message}", 1, e);
        }

        using (process)
        {
            Task<string> stderrTask = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new HelperException("git config did not answer within 10 s");
            }

            string stderr = stderrTask.GetAwaiter().GetResult();
            if (process.ExitCode is not 0 and not 1)
            {
                string firstLine = stderr.Split('\n', 2)[0].Trim();
                throw new HelperException($"git config failed (exit {process.ExitCode}): {firstLine}");
            }

            var values = Parse(output);
            _trace.Write("settings", $"git config gave {values.Count} credential.* key(s) for {url}");
            return values;
        }
    }

    /// <summary>Parses "key\nvalue\0" records; a key without a value (no '\n') means boolean true.</summary>
    internal static Dictionary<string, string> Parse(string output)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string record in output.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            int newline = record.IndexOf('\n', StringComparison.Ordinal);
            string key = newline < 0 ? record : record[..newline];
            string value = newline < 0 ? "true" : record[(newline + 1)..];
            values[key.Trim()] = value;
        }

        return values;
    }
}
