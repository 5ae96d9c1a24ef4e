using System.Reflection;
using System.Text.RegularExpressions;
using GitEntraHelper.Platform;
using GitEntraHelper.Settings;

namespace GitEntraHelper.Tests.Architecture;

/// <summary>Settings is the one place that knows every variable: each name is defined once and catalogued.</summary>
public sealed partial class CatalogueTests
{
    [Fact]
    public void Every_variable_name_is_in_the_settings_catalogue()
    {
        var catalogued = SettingKeys.All.Select(k => k.EnvironmentVariable).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var missing = Names().Where(n => !catalogued.Contains(n) && !catalogued.Contains(n + "<n>")).ToList();

        Assert.True(missing.Count == 0, $"define these in Settings (SettingKeys): {string.Join(", ", missing)}");
        Assert.Contains(Variables.Ci, catalogued);
        Assert.Contains(Variables.GitTerminalPrompt, catalogued);
        Assert.Contains(Variables.Browser, catalogued);
        Assert.Contains(Variables.IdentityServerThumbprint, catalogued);
        Assert.Contains(Variables.Path, catalogued);
    }

    [Fact]
    public void No_source_file_but_Variables_spells_a_variable_name()
    {
        var names = Names().ToHashSet(StringComparer.Ordinal);
        var offenders = new List<string>();
        foreach (var (path, _, text) in StageOrderTests.SourceFiles())
        {
            if (path.Replace('\\', '/') == "Platform/Variables.cs")
            {
                continue;
            }

            foreach (Match literal in StringLiteral().Matches(text))
            {
                if (names.Contains(literal.Groups[1].Value))
                {
                    offenders.Add($"{path}: \"{literal.Groups[1].Value}\" (use Variables.*)");
                }
            }
        }

        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }

    [Fact]
    public void Protected_keys_are_exactly_those_that_steer_hosts_storage_or_identity()
    {
        var protectedKeys = SettingKeys.All.Where(k => k.Protected).Select(k => k.GitConfigKey).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("credential.provider", protectedKeys);
        Assert.Contains("credential.entraCacheProtection", protectedKeys);
        Assert.Contains("credential.azreposClientId", protectedKeys);
        Assert.Contains("credential.azreposManagedIdentity", protectedKeys);
        Assert.Contains("credential.entraAzureCli", protectedKeys);
        Assert.Contains("credential.entraAllowedTenants", protectedKeys);
        Assert.DoesNotContain("credential.msauthFlow", protectedKeys);
        Assert.DoesNotContain("credential.entraMemoryCache", protectedKeys);
        Assert.All(SettingKeys.All.Where(k => k.Protected), k => Assert.NotNull(k.GitConfigKey));
    }

    private static IEnumerable<string> Names() =>
        typeof(Variables).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!);

    [GeneratedRegex("\"([A-Z][A-Z0-9_]{1,})\"")]
    private static partial Regex StringLiteral();
}
