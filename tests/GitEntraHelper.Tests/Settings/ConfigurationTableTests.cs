using GitEntraHelper.Settings;

namespace GitEntraHelper.Tests.Settings;

/// <summary>
/// docs/CONFIGURATION.md (README links to it) must name in its table every key and variable the catalogue
/// defines as a setting, and in its "Read from the environment" list every variable defined as context.
/// </summary>
public sealed class ConfigurationTableTests
{
    [Fact]
    public void Configuration_table_lists_every_setting()
    {
        string readme = File.ReadAllText(ConfigurationPage());
        int table = readme.IndexOf("# Configuration", StringComparison.Ordinal);
        Assert.True(table >= 0, "docs/CONFIGURATION.md has no '# Configuration' section");
        string section = readme[table..];

        var missing = new List<string>();
        foreach (SettingKey key in SettingKeys.All.Where(k => k.Kind == SettingKind.Setting))
        {
            string? name = key.GitConfigKey == "credential.provider" ? ".provider" : key.GitConfigKey;
            foreach (string? needle in new[] { name, key.EnvironmentVariable })
            {
                if (needle is not null && !section.Contains($"`{(needle.StartsWith('.') ? "credential.https://HOST" + needle : needle)}`", StringComparison.Ordinal))
                {
                    missing.Add(needle);
                }
            }
        }

        Assert.True(missing.Count == 0, $"add to docs/CONFIGURATION.md's table: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Configuration_names_every_variable_read_from_the_environment()
    {
        string readme = File.ReadAllText(ConfigurationPage());
        int list = readme.IndexOf("## Read from the environment", StringComparison.Ordinal);
        Assert.True(list >= 0, "docs/CONFIGURATION.md has no '## Read from the environment' section");
        string section = readme[list..];
        section = section[(section.IndexOf('\n', StringComparison.Ordinal) + 1)..];
        section = section[..(section.IndexOf("\n## ", StringComparison.Ordinal) is var end and > 0 ? end : section.Length)];

        var missing = SettingKeys.All.Where(k => k.Kind == SettingKind.Context)
            .Select(k => k.EnvironmentVariable!)
            .Where(v => !section.Contains($"`{v}`", StringComparison.Ordinal))
            .ToList();

        Assert.True(missing.Count == 0, $"add to docs/CONFIGURATION.md's '## Read from the environment': {string.Join(", ", missing)}");
    }

    [Fact]
    public void Readme_links_to_the_configuration_page_and_keeps_the_two_set_up_commands()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));

        Assert.Contains("(docs/CONFIGURATION.md)", readme, StringComparison.Ordinal);
        Assert.Contains("eng/install.sh", readme, StringComparison.Ordinal);
        Assert.Contains("eng/test.sh", readme, StringComparison.Ordinal);
    }

    private static string ConfigurationPage() => Path.Combine(RepositoryRoot(), "docs", "CONFIGURATION.md");

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "GitEntraHelper.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (GitEntraHelper.sln) above " + AppContext.BaseDirectory);
    }
}
