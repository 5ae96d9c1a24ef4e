using GitEntraHelper.Settings;

namespace GitEntraHelper.Tests.Settings;

/// <summary>
/// README's configuration table must name every key and variable the catalogue defines as a setting, and its
/// "read from the environment" list every variable the catalogue defines as context.
/// </summary>
public sealed class ReadmeTableTests
{
    [Fact]
    public void Readme_configuration_table_lists_every_setting()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        int table = readme.IndexOf("## Configuration", StringComparison.Ordinal);
        Assert.True(table >= 0, "README.md has no '## Configuration' section");
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

        Assert.True(missing.Count == 0, $"add to README.md's configuration table: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Readme_names_every_variable_read_from_the_environment()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        int list = readme.IndexOf("### Read from the environment", StringComparison.Ordinal);
        Assert.True(list >= 0, "README.md has no '### Read from the environment' section");
        string section = readme[list..];
        section = section[..(section.IndexOf("\n## ", StringComparison.Ordinal) is var end and > 0 ? end : section.Length)];

        var missing = SettingKeys.All.Where(k => k.Kind == SettingKind.Context)
            .Select(k => k.EnvironmentVariable!)
            .Where(v => !section.Contains($"`{v}`", StringComparison.Ordinal))
            .ToList();

        Assert.True(missing.Count == 0, $"add to README.md's '### Read from the environment': {string.Join(", ", missing)}");
    }

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
