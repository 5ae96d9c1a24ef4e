using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Xsl;

namespace GitEntraHelper.Tests.Deployment;

/// <summary>
/// Keeps the wixl twin (installer/windows/wixl/*.xsl, which tests/Wine/msi.sh builds and installs
/// under Wine) in step with installer/windows/Package.wxs (what WiX builds on Windows): every element
/// of Package.wxs has a mapping, and the twin says the same things — product identity, components,
/// files, the system PATH entry, the configure/unconfigure commands, when they run and on what condition.
/// </summary>
public sealed partial class WixlTwinTests
{
    private static readonly XNamespace V4 = "http://wixtoolset.org/schemas/v4/wxs";
    private static readonly XNamespace V3 = "http://schemas.microsoft.com/wix/2006/wi";

    /// <summary>Windows Installer's documented InstallExecuteSequence numbers of the anchors Package.wxs uses.</summary>
    private static readonly Dictionary<string, int> StandardSequence = new(StringComparer.Ordinal)
    {
        ["AppSearch"] = 50,
        ["CostInitialize"] = 800,
        ["CostFinalize"] = 1000,
        ["InstallInitialize"] = 1500,
        ["RemoveFiles"] = 3500,
        ["InstallFiles"] = 4000,
        ["InstallFinalize"] = 6600,
    };

    private static XElement Package => XDocument.Parse(Repo.Read("installer", "windows", "Package.wxs")).Root!.Element(V4 + "Package")!;

    [Fact]
    public void Every_element_of_Package_wxs_has_a_template_in_the_twin()
    {
        string xsl = Repo.Read("installer", "windows", "wixl", "twin.xsl");
        var mapped = MatchedElement().Matches(xsl).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        var used = Package.DescendantsAndSelf().Select(e => e.Name.LocalName).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(used.Except(mapped));
    }

    [Fact]
    public void The_twin_is_the_same_product_with_the_same_components_files_and_properties()
    {
        XElement product = Twin().Root!.Element(V3 + "Product")!;
        XElement package = Package;

        foreach (string attribute in (string[])["Name", "Manufacturer", "Version", "UpgradeCode"])
        {
            Assert.Equal((string?)package.Attribute(attribute), (string?)product.Attribute(attribute));
        }

        Assert.Equal("perMachine", (string?)product.Element(V3 + "Package")!.Attribute("InstallScope"));
        Assert.Equal(
            package.Descendants(V4 + "Component").Select(c => $"{c.Attribute("Id")} {c.Attribute("Guid")}"),
            Twin().Descendants(V3 + "Component").Select(c => $"{c.Attribute("Id")} {c.Attribute("Guid")}"));
        Assert.Equal(
            package.Descendants(V4 + "File").Select(f => $"{f.Attribute("Id")} {f.Attribute("Source")} {f.Attribute("KeyPath")}"),
            Twin().Descendants(V3 + "File").Select(f => $"{f.Attribute("Id")} {f.Attribute("Source")} {f.Attribute("KeyPath")}"));
        Assert.Equal(
            package.Elements(V4 + "Property").Select(p => $"{p.Attribute("Id")}={p.Attribute("Value")}"),
            product.Elements(V3 + "Property").Select(p => $"{p.Attribute("Id")}={p.Attribute("Value")}"));
        Assert.Equal(
            package.Descendants(V4 + "Directory").Select(d => $"{d.Attribute("Id")} {d.Attribute("Name")}"),
            product.Descendants(V3 + "Directory").Skip(2).Select(d => $"{d.Attribute("Id")} {d.Attribute("Name")}"));
        Assert.Equal(
            package.Element(V4 + "StandardDirectory")!.Attribute("Id")!.Value,
            product.Element(V3 + "Directory")!.Element(V3 + "Directory")!.Attribute("Id")!.Value);
        // <Files Include=...>: the published files, which msi.sh lists with wixl-heat as "PublishedFiles".
        Assert.Equal(package.Descendants(V4 + "Files").Count(),
            Twin().Descendants(V3 + "ComponentGroupRef").Count(r => (string?)r.Attribute("Id") == "PublishedFiles"));
    }

    [Fact]
    public void The_twin_runs_the_same_commands_at_the_same_points_on_the_same_conditions()
    {
        XElement package = Package;
        var commands = package.Elements(V4 + "SetProperty").ToDictionary(e => (string)e.Attribute("Id")!, e => (string)e.Attribute("Value")!);
        var twinActions = Twin().Descendants(V3 + "CustomAction").ToDictionary(e => (string)e.Attribute("Id")!);
        var twinSequence = Twin().Descendants(V3 + "Custom").ToDictionary(e => (string)e.Attribute("Action")!);

        foreach (XElement action in package.Elements(V4 + "CustomAction"))
        {
            string id = (string)action.Attribute("Id")!;
            XElement twin = twinActions[id];
            // "[INSTALLFOLDER]git-credential-entra.exe" ARGS -> run the file HelperExe with ARGS.
            Match command = Regex.Match(commands[id], "^\"\\[INSTALLFOLDER\\](?<exe>[^\"]+)\" (?<args>.+)$");
            Assert.True(command.Success, commands[id]);
            XElement file = package.Descendants(V4 + "File").Single(f => ((string)f.Attribute("Source")!).EndsWith(command.Groups["exe"].Value, StringComparison.Ordinal));
            Assert.Equal((string?)file.Attribute("Id"), (string?)twin.Attribute("FileKey"));
            Assert.Equal(command.Groups["args"].Value, (string?)twin.Attribute("ExeCommand"));
            foreach (string attribute in (string[])["Execute", "Impersonate", "Return"])
            {
                Assert.Equal((string?)action.Attribute(attribute), (string?)twin.Attribute(attribute));
            }
        }

        foreach (XElement custom in package.Element(V4 + "InstallExecuteSequence")!.Elements(V4 + "Custom"))
        {
            XElement twin = twinSequence[(string)custom.Attribute("Action")!];
            Assert.Equal((string?)custom.Attribute("Condition"), twin.Value);
            int number = int.Parse((string)twin.Attribute("Sequence")!, System.Globalization.CultureInfo.InvariantCulture);
            if (custom.Attribute("Before") is { } before)
            {
                Assert.InRange(number, StandardSequence["InstallInitialize"] + 1, StandardSequence[before.Value] - 1);
            }
            else
            {
                Assert.InRange(number, StandardSequence[(string)custom.Attribute("After")!] + 1, StandardSequence["InstallFinalize"] - 1);
            }
        }
    }

    [Fact]
    public void Every_component_is_in_the_same_directory_on_the_same_condition()
    {
        // wixl takes no component condition: conditions.xsl writes it as SQL for the Component table.
        var conditions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in Transform("conditions.xsl").ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Match update = ConditionUpdate().Match(line);
            Assert.True(update.Success, line);
            conditions.Add(update.Groups["component"].Value, update.Groups["condition"].Value);
        }

        var twin = Twin().Descendants(V3 + "Component").ToDictionary(c => (string)c.Attribute("Id")!);

        foreach (XElement component in Package.Descendants(V4 + "Component"))
        {
            string id = (string)component.Attribute("Id")!;
            string directory = (string?)component.Attribute("Directory") ?? (string)component.Parent!.Attribute("Directory")!;
            Assert.Equal(directory, (string?)twin[id].Parent!.Attribute("Id"));
            Assert.Equal((string?)component.Attribute("Condition"), conditions.GetValueOrDefault(id));
        }

        Assert.All(conditions.Keys, id => Assert.Contains(id, twin.Keys));
    }

    [Fact]
    public void The_twin_searches_the_same_registry_value_and_sets_the_same_directory_from_it_before_costing()
    {
        XElement twin = Twin().Root!.Element(V3 + "Product")!;
        var twinSearches = twin.Descendants(V3 + "RegistrySearch").ToDictionary(e => (string)e.Attribute("Id")!);
        foreach (XElement search in Package.Descendants(V4 + "RegistrySearch"))
        {
            XElement mapped = twinSearches[(string)search.Attribute("Id")!];
            Assert.Equal((string?)search.Parent!.Attribute("Id"), (string?)mapped.Parent!.Attribute("Id"));
            foreach (string attribute in (string[])["Root", "Key", "Name", "Type"])
            {
                Assert.Equal((string?)search.Attribute(attribute), (string?)mapped.Attribute(attribute));
            }

            Assert.Equal((string?)search.Attribute("Bitness") == "always64" ? "yes" : null, (string?)mapped.Attribute("Win64"));
        }

        var actions = twin.Elements(V3 + "CustomAction").ToDictionary(e => (string)e.Attribute("Id")!);
        var sequence = twin.Descendants(V3 + "Custom").ToDictionary(e => (string)e.Attribute("Action")!);
        foreach (XElement set in Package.Elements(V4 + "SetDirectory"))
        {
            // WiX names the action "Set" + the directory and schedules it after CostInitialize.
            string id = "Set" + (string)set.Attribute("Id")!;
            Assert.Equal((string?)set.Attribute("Id"), (string?)actions[id].Attribute("Property"));
            Assert.Equal((string?)set.Attribute("Value"), (string?)actions[id].Attribute("Value"));
            Assert.Equal((string?)set.Attribute("Condition"), sequence[id].Value);
            int number = int.Parse((string)sequence[id].Attribute("Sequence")!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(number, StandardSequence["CostInitialize"] + 1, StandardSequence["CostFinalize"] - 1);
            Assert.True(number > StandardSequence["AppSearch"]);
        }
    }

    [Fact]
    public void The_environment_table_row_encodes_the_system_path_entry()
    {
        // .NET writes the stylesheet's line feeds as this OS's new line.
        string[] rows = Transform("environment.xsl").ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        XElement environment = Assert.Single(Package.Descendants(V4 + "Environment"));

        Assert.Equal(["Environment\tName\tValue\tComponent_", "s72\tl255\tL255\ts72", "Environment\tEnvironment"], rows[..3]);
        // set + not permanent + system, appended after the existing value.
        Assert.Equal(
            $"{environment.Attribute("Id")!.Value}\t=-*{environment.Attribute("Name")!.Value}\t[~];{environment.Attribute("Value")!.Value}\t{environment.Parent!.Attribute("Id")!.Value}",
            Assert.Single(rows[3..]));
    }

    private static XDocument Twin() => XDocument.Parse(Transform("twin.xsl"));

    private static string Transform(string stylesheet)
    {
        var xslt = new XslCompiledTransform();
        xslt.Load(Path.Combine(Repo.Root, "installer", "windows", "wixl", stylesheet));
        using var input = XmlReader.Create(Path.Combine(Repo.Root, "installer", "windows", "Package.wxs"));
        using var output = new StringWriter();
        xslt.Transform(input, null, output);
        return output.ToString();
    }

    [GeneratedRegex("^UPDATE Component SET Condition = '(?<condition>[^']*)' WHERE Component = '(?<component>[^']+)'$")]
    private static partial Regex ConditionUpdate();

    /// <summary>An element a template matches, or one its parent's template walks with for-each.</summary>
    [GeneratedRegex(@"(?:match=""|<xsl:for-each select="")w:(\w+)")]
    private static partial Regex MatchedElement();
}
