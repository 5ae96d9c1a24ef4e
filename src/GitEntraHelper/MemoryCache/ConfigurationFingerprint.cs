using System.Text;
using GitEntraHelper.Platform;
using GitEntraHelper.Settings.GitConfig;

namespace GitEntraHelper.MemoryCache;

/// <summary>
/// A fingerprint of the git config a `get` sees: the names and bytes of every file git reads (the
/// prescan's list, where repository discovery follows git's own rules, plus the files their include
/// and includeIf sections name, whatever the condition), the built-in system file IT policy is read
/// from even under GIT_CONFIG_NOSYSTEM, and what git reads besides config to decide a condition:
/// for <c>onbranch:</c> the repository's HEAD, for <c>gitdir:</c> the git directory's real path.
/// Equal fingerprints mean git config would answer the same; the environment is checked apart,
/// variable by variable (<see cref="RecordingEnvironment"/>). Anything this reader cannot follow — an
/// include it cannot parse, a `-c` include, a repository it cannot place as git would, a HEAD that is
/// not a plain file, reftable refs — gives null: no fingerprint, no reuse. It can make a `get`
/// slower, never answer from another configuration.
/// </summary>
public static class ConfigurationFingerprint
{
    private const int MaxIncludeDepth = 10; // git's own limit

    private static readonly string[] GitLocationVariables =
    [
        Variables.GitConfig, Variables.GitCommonDir, Variables.GitWorkTree, Variables.GitCeilingDirectories, Variables.GitDiscoveryAcrossFilesystem,
        Variables.GitObjectDirectory,
    ];

    public static string? Compute(GitConfigFiles configFiles, IEnvironmentVariables environment)
    {
        if (configFiles.All() is not { } files)
        {
            return null;
        }

        if (configFiles.BuiltInSystemFiles() is not { } policyFiles)
        {
            return null;
        }

        var text = new StringBuilder(1024);
        var conditions = IncludeConditions.None;
        foreach (string file in files.Concat(policyFiles))
        {
            if (!AppendFile(configFiles, text, file, environment.Get(Variables.Home), depth: 0, ref conditions))
            {
                return null;
            }
        }

        try
        {
            if (conditions != IncludeConditions.None && configFiles.Repository is { } repository
                && !AppendConditionInputs(configFiles, text, repository, conditions))
            {
                return null;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
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

    private static bool AppendFile(GitConfigFiles configFiles, StringBuilder text, string path, string? home, int depth, ref IncludeConditions conditions)
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

        if (GitConfigIncludes.Paths(content, Path.GetDirectoryName(path) ?? "/", home, out IncludeConditions found) is not { } included)
        {
            return false;
        }

        conditions |= found;
        foreach (string include in included)
        {
            if (!AppendFile(configFiles, text, include, home, depth + 1, ref conditions))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The inputs of includeIf conditions beyond config. onbranch: HEAD's bytes (a plain file; git then
    /// follows "ref: refs/heads/X" once more only if that loose ref is itself symbolic, which we refuse);
    /// gitdir: the real path git matches besides the path itself (already in the text).
    /// </summary>
    private static bool AppendConditionInputs(GitConfigFiles configFiles, StringBuilder text, RepositoryLocation repository, IncludeConditions conditions)
    {
        if (conditions.HasFlag(IncludeConditions.GitDirectory))
        {
            text.Append("gitdir\0").Append(FileStatus.RealPath(repository.GitDirectory) ?? "?").Append('\n');
        }

        if (!conditions.HasFlag(IncludeConditions.Branch))
        {
            return true;
        }

        // A reftable repository keeps HEAD in its tables, not in the HEAD file.
        if (configFiles.Read(Path.Join(repository.CommonDirectory, "config")) is (ConfigFileState.Read, { } common)
            && GitConfigFiles.IndexOfIgnoreAsciiCase(common, "refstorage"u8) >= 0)
        {
            return false;
        }

        string head = Path.Join(repository.GitDirectory, "HEAD");
        if (FileStatus.Of(head, followLinks: false).Kind != FileKind.File || RawFile.ReadAll(head, 4096) is not { } bytes)
        {
            return false;
        }

        string content = Encoding.UTF8.GetString(bytes);
        text.Append("HEAD\0").Append(Fnv.Hex128(bytes)).Append('\n');
        if (content.StartsWith("ref:", StringComparison.Ordinal))
        {
            string target = content[4..].Trim();
            foreach (string directory in new[] { repository.GitDirectory, repository.CommonDirectory })
            {
                string loose = Path.Join(directory, target); // per-worktree refs in the one, shared refs in the other
                FileInfoSnapshot info = FileStatus.Of(loose, followLinks: false);
                if (info.Kind == FileKind.SymbolicLink
                    || (info.Kind == FileKind.File && RawFile.ReadAll(loose, 4096) is { } refBytes && refBytes.AsSpan().StartsWith("ref:"u8)))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool Mentions(string? text) => text?.Contains("include", StringComparison.OrdinalIgnoreCase) == true;
}
