using GitEntraHelper.Diagnostics;
using GitEntraHelper.Settings.GitConfig;

namespace GitEntraHelper.Setup.Migration;

/// <summary>
/// Finds what answers git for Azure DevOps today and what it holds, reading only through git and git's own
/// documented files: the helper list git builds for a URL (every <c>credential.helper</c> and matching
/// <c>credential.&lt;url&gt;.helper</c> in config order, an empty value resetting it, gitcredentials(7)), the
/// store helper's files (their documented line format), other helpers through <c>git credential fill</c>
/// (<see cref="GitCredentialQuery"/>), and this repository's remote URLs. Changes nothing.
/// </summary>
public sealed class CredentialSurvey
{
    private readonly GitProcess _git;
    private readonly string _home;
    private readonly string? _xdgConfigHome;
    private readonly IReadOnlyList<ConfigEntry> _helperEntries;

    public CredentialSurvey(GitProcess git, string home, string? xdgConfigHome)
    {
        _git = git;
        _home = home;
        _xdgConfigHome = xdgConfigHome;
        Query = new GitCredentialQuery(git);
        GitResult declared = git.Run(DeclaredHosts.Arguments, null, DeclaredHosts.Environment);
        Hosts = new AzureDevOpsHosts(declared.ExitCode == 0 ? DeclaredHosts.Parse(declared.Output) : []);
        _helperEntries = ReadConfig("config", "--null", "--show-origin", "--get-regexp", @"^credential\.(.+\.)?helper$");
    }

    public AzureDevOpsHosts Hosts { get; }

    public GitCredentialQuery Query { get; }

    /// <summary>The helpers git asks for <paramref name="url"/>, in order.</summary>
    public IReadOnlyList<CredentialHelper> Chain(string url)
    {
        var chain = new List<CredentialHelper>();
        foreach (ConfigEntry entry in _helperEntries)
        {
            if (entry.Section != "credential" || entry.Name != "helper" || entry.Subsection is { } pattern && !UrlPattern.Matches(pattern, url))
            {
                continue;
            }

            if (entry.Value.Length == 0)
            {
                chain.Clear();
            }
            else
            {
                chain.Add(new CredentialHelper(entry.Value, Origin(entry.File)));
            }
        }

        return chain;
    }

    /// <summary>Every helper value configured anywhere (for the store files and which helpers to ask).</summary>
    public IEnumerable<CredentialHelper> AllHelpers =>
        _helperEntries.Where(e => e.Section == "credential" && e.Name == "helper" && e.Value.Length > 0).Select(e => new CredentialHelper(e.Value, Origin(e.File)));

    /// <summary>The store files to read: the default two, and each `store --file` configured.</summary>
    public IReadOnlyList<string> StoreFiles() =>
        [.. CredentialHelper.DefaultStoreFiles(_home, _xdgConfigHome)
            .Concat(AllHelpers.Where(h => h.Kind == "store").SelectMany(h => h.StoreFiles(_home, _xdgConfigHome)))
            .Distinct(StringComparer.Ordinal)];

    /// <summary>The Azure DevOps lines with a secret in one store file, and how many other lines it has.</summary>
    public (IReadOnlyList<StoredCredential> Ours, int Others) ReadStoreFile(string file)
    {
        var ours = new List<StoredCredential>();
        int others = 0;
        var helper = new CredentialHelper($"store --file='{file.Replace("'", "'\\''", StringComparison.Ordinal)}'", Display(file));
        foreach (StoreFile.Line line in StoreFile.Read(file))
        {
            if (line.Password is { } password && Hosts.IsAzureDevOps(line.Protocol, line.Host))
            {
                ours.Add(new StoredCredential(helper, $"{Display(file)} line {line.Number}", line.Protocol, line.Host, line.Path, line.Username, password,
                    Hosts.Organization(line.Protocol, line.Host, line.Path)));
            }
            else
            {
                others++;
            }
        }

        return (ours, others);
    }

    /// <summary>The current repository's remote URLs that carry a password for an Azure DevOps host.</summary>
    public IReadOnlyList<RemoteSecret> RemoteSecrets()
    {
        GitResult result = _git.Run("config", "--local", "--null", "--get-regexp", @"^remote\..+\.(url|pushurl)$");
        var found = new List<RemoteSecret>();
        if (result.ExitCode != 0)
        {
            return found; // not a repository, or no remotes
        }

        foreach (string record in result.Output.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            int newline = record.IndexOf('\n', StringComparison.Ordinal);
            if (newline < 0 || StoreFile.ParseUrl(record[(newline + 1)..]) is not { Password: not null } parts || !Hosts.IsAzureDevOps(parts.Protocol, parts.Host))
            {
                continue;
            }

            string url = record[(newline + 1)..];
            if (RemoteSecret.Clean(url, out string? user) is { } clean)
            {
                found.Add(new RemoteSecret(record[..newline], new Secret(url), clean, parts.Host, user, Hosts.Organization(parts.Protocol, parts.Host, parts.Path)));
            }
        }

        return found;
    }

    /// <summary>A path as the report shows it: under HOME as ~/….</summary>
    public string Display(string path) =>
        path.StartsWith(_home.TrimEnd('/') + "/", StringComparison.Ordinal) ? "~/" + path[(_home.TrimEnd('/').Length + 1)..] : path;

    private string Origin(string file) => file.Contains(':', StringComparison.Ordinal) && !Path.IsPathRooted(file) ? file : Display(file);

    private IReadOnlyList<ConfigEntry> ReadConfig(params string[] arguments)
    {
        GitResult result = _git.Run(arguments);
        return result.ExitCode switch
        {
            0 => ConfigEntry.ParseList(result.Output),
            1 => [],
            _ => throw new HelperException($"git config cannot be read: {result.FirstErrorLine}"),
        };
    }
}
