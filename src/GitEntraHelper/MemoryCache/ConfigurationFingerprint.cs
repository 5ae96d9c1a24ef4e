using System.Text;
using GitEntraHelper.Platform;
using GitEntraHelper.Settings.GitConfig;

namespace GitEntraHelper.MemoryCache;

/// <summary>
/// A fingerprint of the git config a `get` sees: the bytes of every file git reads (the prescan's
/// list, plus the files their include and includeIf sections name, whatever the condition). Equal
/// fingerprints mean git config would answer the same; the environment is checked apart, variable by
/// variable (<see cref="RecordingEnvironment"/>). Anything this reader cannot follow — an include it
/// cannot parse, a `-c` include — gives null: no fingerprint, no reuse. It can make a `get` slower,
/// never answer from another configuration.
/// </summary>
public static class ConfigurationFingerprint
{
    private const int MaxIncludeDepth = 10; // git's own limit

    private static readonly string[] GitLocationVariables =
    [
        Variables.GitConfig, Variables.GitCommonDir, Variables.GitWorkTree, Variables.GitCeilingDirectories, Variables.GitDiscoveryAcrossFilesystem,
    ];

    public static string? Compute(GitConfigFiles configFiles, IEnvironmentVariables environment)
    {
        if (configFiles.All() is not { } files)
        {
            return null;
        }

        var text = new StringBuilder(1024);
        foreach (string file in files)
        {
            if (!AppendFile(configFiles, text, file, environment.Get(Variables.Home), depth: 0))
            {
                return null;
            }
        }

        // Read (so RecordingEnvironment checks them on every reuse) what else steers git config: `-c`
        // options and repository discovery. A `-c include.path=…` names a file we would have to find as git does.
        foreach (string name in GitLocationVariables)
        {
            string? value = environment.Get(name);
            if (name == Variables.GitConfig && Mentions(value))
            {
                return null;
            }
        }

        if (configFiles.CommandLineConfig() is not { } commandLine
            || commandLine.Exists(e => !e.Variable.StartsWith(Variables.GitConfigValuePrefix, StringComparison.Ordinal) && Mentions(e.Text)))
        {
            return null;
        }

        return Fnv.Hex128(text.ToString());
    }

    private static bool AppendFile(GitConfigFiles configFiles, StringBuilder text, string path, string? home, int depth)
    {
        if (depth > MaxIncludeDepth)
        {
            return false;
        }

        text.Append(path).Append('\0');
        byte[] bytes;
        try
        {
            var (state, read) = configFiles.Read(path);
            switch (state)
            {
                case ConfigFileState.Absent:
                    text.Append("absent\n");
                    return true;
                case ConfigFileState.Directory:
                    text.Append("directory\n");
                    return true;
                case ConfigFileState.TooLarge:
                    return false;
            }

            bytes = read!;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        text.Append(Fnv.Hex128(bytes)).Append('\n');
        string content = Encoding.UTF8.GetString(bytes);
        if (!content.Contains("include", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (GitConfigIncludes.Paths(content, Path.GetDirectoryName(path) ?? "/", home) is not { } included)
        {
            return false;
        }

        foreach (string include in included)
        {
            if (!AppendFile(configFiles, text, include, home, depth + 1))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Mentions(string? text) => text?.Contains("include", StringComparison.OrdinalIgnoreCase) == true;
}
