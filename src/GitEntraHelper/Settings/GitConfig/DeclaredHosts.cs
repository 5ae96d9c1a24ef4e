using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;

namespace GitEntraHelper.Settings.GitConfig;

/// <summary>
/// The https hosts git config declares as Azure DevOps (<c>credential.https://HOST[/…].provider=azure-devops</c>,
/// or GCM's azure-repos), from the protected scopes only (system, global, command line: a repository's own
/// config never declares a host, as for <see cref="SettingKeys.Provider"/>). Commands that name an
/// organization without a URL (`pat --org ORG`, `migrate`) use it to know which hosts are Azure DevOps.
/// </summary>
public static class DeclaredHosts
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Never a repository: the local and worktree scopes are left out.</summary>
    private static readonly string NoRepository = OperatingSystem.IsWindows() ? "NUL" : "/dev/null";

    /// <summary>The git arguments that list every provider key (parse the output with <see cref="Parse"/>).</summary>
    public static readonly IReadOnlyList<string> Arguments = ["config", "--null", "--get-regexp", @"^credential\..+\.provider$"];

    /// <summary>The variables for that git: the protected scopes only.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Environment =
        new Dictionary<string, string?> { [Variables.GitConfig] = null, [Variables.GitDir] = NoRepository };

    /// <summary>"https://host[:port]" of each declared host, lower-case, in config order, each once.</summary>
    public static IReadOnlyList<string> Read(ICommandRunner runner)
    {
        var command = new CommandSpec("git", Arguments, Timeout) { EnvironmentChanges = Environment };
        CommandResult result = runner.RunAsync(command, CancellationToken.None).GetAwaiter().GetResult()
            ?? throw new HelperException("cannot run git to read its configuration: is git installed and on PATH?");
        if (result.TimedOut)
        {
            throw new HelperException($"git config did not answer within {Timeout.TotalSeconds:0} s");
        }

        return result.ExitCode == 0 ? Parse(result.StandardOutput) : [];
    }

    /// <summary>Parses "credential.URL.provider\nVALUE\0" records.</summary>
    public static IReadOnlyList<string> Parse(string output)
    {
        var hosts = new List<string>();
        foreach (string record in output.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            int newline = record.IndexOf('\n', StringComparison.Ordinal);
            if (newline < 0)
            {
                continue;
            }

            string key = record[..newline];
            string value = record[(newline + 1)..].Trim().ToLowerInvariant();
            if (value is not ("azure-devops" or "azure-repos") || key.Length <= "credential..provider".Length)
            {
                continue;
            }

            string url = key["credential.".Length..^".provider".Length];
            if (Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) && uri.Scheme == Uri.UriSchemeHttps && !uri.Host.Contains('*', StringComparison.Ordinal))
            {
                string host = $"https://{uri.Authority.ToLowerInvariant()}";
                if (!hosts.Contains(host, StringComparer.Ordinal))
                {
                    hosts.Add(host);
                }
            }
        }

        return hosts;
    }
}
