using GitEntraHelper.Platform;

namespace GitEntraHelper.Settings.GitConfig;

/// <summary>
/// Decides, without starting git, whether git config can possibly declare a provider for a host, so
/// a request for a host that is not Azure DevOps can fall through as fast as git's own helpers. It
/// reads the config sources git reads — command line (<c>GIT_CONFIG_PARAMETERS</c>,
/// <c>GIT_CONFIG_COUNT</c>), system, global, repository — and answers "no" only when every source is
/// found and none contains the word "provider" or "include" (an include may pull in any file). Any
/// doubt — an unreadable or unusually large file, an unknown git installation layout — answers
/// "maybe", and the caller asks git itself. It can make us slower, never wrong.
/// </summary>
public sealed class DeclaredProviderPrescan
{
    private const long MaxFileBytes = 1024 * 1024;
    private static readonly byte[][] Words = ["provider"u8.ToArray(), "include"u8.ToArray()];

    private (bool May, string Reason)? _answer;

    public DeclaredProviderPrescan(GitConfigFiles files) => Files = files;

    /// <summary>Convenience for the process and tests: the files git reads from <paramref name="workingDirectory"/>.</summary>
    public DeclaredProviderPrescan(IEnvironmentVariables environment, string workingDirectory)
        : this(new GitConfigFiles(environment, workingDirectory))
    {
    }

    /// <summary>The config files git reads in this run (also fingerprinted by the memory cache).</summary>
    public GitConfigFiles Files { get; }

    /// <summary>False only when no git config source can declare a provider; <paramref name="reason"/> says why (for traces).</summary>
    public bool MayDeclareProvider(out string reason)
    {
        // Asked by the memory cache and by the fall-through in one run: scan once.
        _answer ??= (MayDeclareProviderOnce(out string why), why);
        reason = _answer.Value.Reason;
        return _answer.Value.May;
    }

    private bool MayDeclareProviderOnce(out string reason)
    {
        if (Files.CommandLineConfig() is not { } commandLine)
        {
            reason = "GIT_CONFIG_COUNT is unusual";
            return true;
        }

        foreach (var (variable, text) in commandLine)
        {
            if (MentionsWord(text))
            {
                reason = $"{variable} mentions a provider or include";
                return true;
            }
        }

        if (Files.All() is not { } files)
        {
            reason = "cannot tell which files git reads";
            return true;
        }

        foreach (string file in files)
        {
            if (FileMayDeclare(file))
            {
                reason = $"{file} mentions a provider or include (or cannot be read)";
                return true;
            }
        }

        reason = $"none of {files.Count} git config files mentions a provider";
        return false;
    }

    private bool FileMayDeclare(string path)
    {
        try
        {
            var (state, bytes) = Files.Read(path);
            return state switch
            {
                ConfigFileState.Absent => false,
                ConfigFileState.Read when bytes!.Length <= MaxFileBytes => ContainsWord(bytes),
                _ => true, // a directory (git would fail: let git say so) or an unusually large file
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    private static bool MentionsWord(string? text) =>
        !string.IsNullOrEmpty(text) && ContainsWord(System.Text.Encoding.UTF8.GetBytes(text));

    private static bool ContainsWord(ReadOnlySpan<byte> bytes)
    {
        foreach (byte[] word in Words)
        {
            if (GitConfigFiles.IndexOfIgnoreAsciiCase(bytes, word) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
