using System.Diagnostics;
using System.Xml.Linq;
using GitEntraHelper.Settings;

namespace GitEntraHelper.Tests.Deployment;

/// <summary>
/// Static checks of the installers that cannot be built here (WiX needs Windows, pkgbuild needs
/// macOS) and of the Linux packaging sources: well-formed, and saying what the packages promise.
/// </summary>
public sealed class InstallerSourceTests
{
    private static readonly XNamespace Wix = "http://wixtoolset.org/schemas/v4/wxs";

    [Fact]
    public void The_msi_is_per_machine_on_the_system_path_and_configures_git_silently()
    {
        XDocument package = XDocument.Parse(Repo.Read("installer", "windows", "Package.wxs"));
        XElement root = package.Root!.Element(Wix + "Package")!;

        Assert.Equal("perMachine", (string?)root.Attribute("Scope"));
        XElement path = Assert.Single(root.Descendants(Wix + "Environment"));
        Assert.Equal("PATH", (string?)path.Attribute("Name"));
        Assert.Equal("yes", (string?)path.Attribute("System"));
        Assert.Equal("no", (string?)path.Attribute("Permanent"));
        Assert.Single(root.Elements(Wix + "MajorUpgrade"));

        var commands = root.Elements(Wix + "SetProperty").ToDictionary(e => (string)e.Attribute("Id")!, e => (string)e.Attribute("Value")!);
        Assert.Contains("configure --system", commands["ConfigureGit"], StringComparison.Ordinal);
        Assert.EndsWith("unconfigure --system", commands["UnconfigureGit"], StringComparison.Ordinal);
        foreach (XElement action in root.Elements(Wix + "CustomAction"))
        {
            Assert.Equal("WixQuietExec", (string?)action.Attribute("DllEntry")); // no console window under msiexec /qn
            Assert.Equal("deferred", (string?)action.Attribute("Execute"));
            Assert.Equal("no", (string?)action.Attribute("Impersonate"));
        }

        var sequence = root.Element(Wix + "InstallExecuteSequence")!.Elements(Wix + "Custom")
            .ToDictionary(e => (string)e.Attribute("Action")!, e => (string)e.Attribute("Condition")!);
        Assert.Contains("REMOVE~=\"ALL\"", sequence["UnconfigureGit"], StringComparison.Ordinal);
        Assert.Contains("NOT UPGRADINGPRODUCTCODE", sequence["UnconfigureGit"], StringComparison.Ordinal);
        Assert.Contains("NOT REMOVE", sequence["ConfigureGit"], StringComparison.Ordinal);
    }

    [Fact]
    public void The_msi_installs_the_generated_help_and_the_html_page_where_git_for_windows_opens_it()
    {
        XElement root = XDocument.Parse(Repo.Read("installer", "windows", "Package.wxs")).Root!.Element(Wix + "Package")!;
        string helpFiles = Repo.Read("installer", "help-files.sh");
        var directories = root.Descendants(Wix + "Directory").ToDictionary(d => (string)d.Attribute("Id")!);
        string PathOf(string directory) => directories.TryGetValue(directory, out XElement? d)
            ? $"{PathOf((string?)d.Parent!.Attribute("Id") ?? "")}{d.Attribute("Name")?.Value}\\"
            : $"[{directory}]";

        XElement help = root.Elements(Wix + "ComponentGroup").Single(g => (string?)g.Attribute("Id") == "Help");
        Assert.Contains(root.Descendants(Wix + "ComponentGroupRef"), r => (string?)r.Attribute("Id") == "Help");
        var installed = help.Elements(Wix + "Component").SelectMany(c => c.Elements(Wix + "File").Select(f => (
            Component: c,
            Source: ((string)f.Attribute("Source")!).Replace("$(var.HelpDir)", "", StringComparison.Ordinal).Replace('\\', '/'),
            Target: PathOf((string)c.Attribute("Directory")!) + Path.GetFileName(((string)f.Attribute("Source")!).Replace('\\', '/'))))).ToList();
        foreach (var file in installed)
        {
            Assert.Contains($"\"$dir/{file.Source}\"", helpFiles, StringComparison.Ordinal); // a file help-files.sh writes
        }

        string[] underInstallFolder = [.. installed.Where(f => f.Component.Attribute("Condition") is null).Select(f => f.Target)];
        Assert.Equal(
            ["[ProgramFiles64Folder]git-credential-entra\\doc\\git-credential-entra.html",
             "[ProgramFiles64Folder]git-credential-entra\\man\\man1\\git-credential-entra.1",
             "[ProgramFiles64Folder]git-credential-entra\\completions\\powershell\\git-credential-entra.ps1"],
            underInstallFolder);

        // Git for Windows' installer: HKLM\SOFTWARE\GitForWindows, InstallPath (its install.iss [Registry]).
        XElement search = Assert.Single(root.Descendants(Wix + "RegistrySearch"));
        Assert.Equal(("HKLM", "SOFTWARE\\GitForWindows", "InstallPath", "directory", "always64"),
            ((string)search.Attribute("Root")!, (string)search.Attribute("Key")!, (string)search.Attribute("Name")!, (string)search.Attribute("Type")!, (string)search.Attribute("Bitness")!));
        string property = (string)search.Parent!.Attribute("Id")!;
        Assert.Equal("yes", (string?)search.Parent.Attribute("Secure"));
        XElement setDirectory = Assert.Single(root.Elements(Wix + "SetDirectory"));
        Assert.Equal($"[{property}]", (string?)setDirectory.Attribute("Value"));
        Assert.Equal(property, (string?)setDirectory.Attribute("Condition"));
        Assert.DoesNotContain(property, directories.Keys); // costing would set a directory's property, found or not

        var forGit = Assert.Single(installed, f => f.Component.Attribute("Condition") is not null);
        Assert.Equal(property, (string?)forGit.Component.Attribute("Condition"));
        Assert.Equal("[ProgramFiles64Folder]Git\\$(var.GitMingwFolder)\\share\\doc\\git-doc\\git-credential-entra.html", forGit.Target);
        Assert.Equal((string?)setDirectory.Attribute("Id"), (string?)directories["GitMingwFolder"].Parent!.Attribute("Id"));
        Assert.Equal("html/git-credential-entra.html", forGit.Source);

        XDocument project = XDocument.Parse(Repo.Read("installer", "windows", "GitCredentialEntra.wixproj"));
        Assert.Contains("HelpDir=$(HelpDir)", project.Descendants("DefineConstants").Single().Value, StringComparison.Ordinal);
        // Git for Windows' prefix per platform: mingw64 on x64, MSYS2's clangarm64 on ARM64.
        Assert.Contains("GitMingwFolder=$(GitMingwFolder)", project.Descendants("DefineConstants").Single().Value, StringComparison.Ordinal);
        var prefixes = project.Descendants("GitMingwFolder").ToDictionary(e => (string)e.Attribute("Condition")!, e => e.Value);
        Assert.Equal("clangarm64", prefixes["'$(Platform)' == 'ARM64'"]);
        Assert.Equal("mingw64", prefixes["'$(Platform)' != 'ARM64'"]);
    }

    [Fact]
    public void The_wix_project_restores_wix_v5_from_nuget_and_is_shielded_from_the_csharp_build_settings()
    {
        XDocument project = XDocument.Parse(Repo.Read("installer", "windows", "GitCredentialEntra.wixproj"));
        Assert.Matches(@"^WixToolset\.Sdk/5\.\d+\.\d+$", (string?)project.Root!.Attribute("Sdk"));
        XElement extension = Assert.Single(project.Descendants("PackageReference"));
        Assert.Equal("WixToolset.Util.wixext", (string?)extension.Attribute("Include"));
        Assert.StartsWith("5.", (string?)extension.Attribute("Version"), StringComparison.Ordinal);

        XDocument props = XDocument.Parse(Repo.Read("installer", "windows", "Directory.Build.props"));
        Assert.Equal("false", props.Descendants("ManagePackageVersionsCentrally").Single().Value);
    }

    [Fact]
    public void The_macos_distribution_is_well_formed_for_both_architectures()
    {
        XDocument distribution = XDocument.Parse(Repo.Read("installer", "macos", "distribution.xml"));
        string archs = (string)distribution.Root!.Element("options")!.Attribute("hostArchitectures")!;
        Assert.Equal(["arm64", "x86_64"], archs.Split(',').Order());
        Assert.Contains("configure --system", Repo.Read("installer", "macos", "scripts", "postinstall"), StringComparison.Ordinal);
        Assert.Contains("unconfigure --system", Repo.Read("installer", "macos", "uninstall.sh"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_deb_declares_what_it_needs_and_every_lintian_override_is_explained()
    {
        string control = Repo.Read("installer", "linux", "debian", "control.in");
        foreach (string field in (string[])["Package: git-credential-entra", "Architecture: @ARCH@", "Depends: @DEPENDS@", "Section: vcs", "Description: "])
        {
            Assert.Contains(field, control, StringComparison.Ordinal);
        }

        string[] lines = Repo.Read("installer", "linux", "debian", "lintian-overrides").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("git-credential-entra: ", StringComparison.Ordinal))
            {
                int j = i - 1;
                while (j >= 0 && lines[j].StartsWith("git-credential-entra: ", StringComparison.Ordinal))
                {
                    j--;
                }

                Assert.True(j >= 0 && lines[j].StartsWith('#'), $"lintian override '{lines[i]}' has no comment explaining it");
            }
        }

        Assert.Contains("unconfigure --system", Repo.Read("installer", "linux", "debian", "prerm"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_man_page_documents_every_setup_command_and_option()
    {
        string man = GitEntraHelper.Commands.Help.HelpRenderers.Man("1.2.3");
        Assert.StartsWith(".\\\"", man, StringComparison.Ordinal);
        Assert.Contains(".TH GIT-CREDENTIAL-ENTRA 1", man, StringComparison.Ordinal);
        foreach (string word in (string[])["configure", "unconfigure", "\\-\\-system", "\\-\\-org", PolicySettings.AllowedTenantsKey])
        {
            Assert.Contains(word, man, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("linux", "build-deb.sh")]
    [InlineData("linux", "build-tarball.sh")]
    [InlineData("macos", "build-pkg.sh")]
    public void Every_unix_package_ships_the_generated_man_page_and_completions(string folder, string script)
    {
        string builder = Repo.Read("installer", folder, script);

        Assert.Contains("help-files.sh", builder, StringComparison.Ordinal);
        Assert.Contains("man/man1/$name.1", builder, StringComparison.Ordinal);
        Assert.Contains("completions/bash/$name", builder, StringComparison.Ordinal);
        Assert.Contains("completions/zsh/_$name", builder, StringComparison.Ordinal);
    }

    [Fact]
    [Trait(OsTraits.Name, OsTraits.Unix)] // eng/release-manifests.sh is a bash script the release job runs on Linux
    public void Release_manifests_fill_every_placeholder_with_the_files_hashes()
    {
        string work = Directory.CreateTempSubdirectory("manifests-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(work, "git-credential-entra-1.2.3-win-x64.msi"), "msi bytes");
            File.WriteAllText(Path.Combine(work, "git-credential-entra-1.2.3-macos-universal.pkg"), "pkg bytes");
            var start = new System.Diagnostics.ProcessStartInfo("bash", [Path.Combine(Repo.Root, "eng", "release-manifests.sh"), "--version", "1.2.3",
                "--packages", work, "--base-url", "https://releases.invalid/v1.2.3", "--homepage", "https://project.invalid", "--out", Path.Combine(work, "out")])
            { RedirectStandardError = true, RedirectStandardOutput = true };
            using var process = System.Diagnostics.Process.Start(start)!;
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, error);

            string msiHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("msi bytes"u8));
            string scoop = File.ReadAllText(Path.Combine(work, "out", "scoop", "git-credential-entra.json"));
            using (var json = System.Text.Json.JsonDocument.Parse(scoop))
            {
                var x64 = json.RootElement.GetProperty("architecture").GetProperty("64bit");
                Assert.Equal(msiHash, x64.GetProperty("hash").GetString());
                Assert.Equal("https://releases.invalid/v1.2.3/git-credential-entra-1.2.3-win-x64.msi", x64.GetProperty("url").GetString());
            }

            var installer = (YamlDotNet.RepresentationModel.YamlMappingNode)LoadYaml(Path.Combine(work, "out", "winget", "git-credential-entra.installer.yaml"));
            var first = (YamlDotNet.RepresentationModel.YamlMappingNode)((YamlDotNet.RepresentationModel.YamlSequenceNode)installer["Installers"])[0];
            Assert.Equal(msiHash, first["InstallerSha256"].ToString());
            Assert.Equal("1.2.3", installer["PackageVersion"].ToString());

            string cask = File.ReadAllText(Path.Combine(work, "out", "homebrew", "git-credential-entra.rb"));
            Assert.Contains($"sha256 \"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("pkg bytes"u8))}\"", cask, StringComparison.Ordinal);
            foreach (string file in Directory.GetFiles(Path.Combine(work, "out"), "*", SearchOption.AllDirectories))
            {
                Assert.DoesNotMatch("@[A-Z0-9_]+@", File.ReadAllText(file));
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    [Trait(OsTraits.Name, OsTraits.Unix)] // eng/release-manifests.sh is a bash script the release job runs on Linux
    public void Release_manifests_refuse_a_missing_package()
    {
        string work = Directory.CreateTempSubdirectory("manifests-").FullName;
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("bash", [Path.Combine(Repo.Root, "eng", "release-manifests.sh"), "--version", "1.2.3",
                "--packages", work, "--base-url", "https://releases.invalid", "--homepage", "https://project.invalid", "--out", Path.Combine(work, "out")])
            { RedirectStandardError = true, RedirectStandardOutput = true };
            using var process = System.Diagnostics.Process.Start(start)!;
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();

            Assert.Equal(1, process.ExitCode);
            Assert.Contains("win-x64.msi is missing", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static YamlDotNet.RepresentationModel.YamlNode LoadYaml(string path)
    {
        var stream = new YamlDotNet.RepresentationModel.YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return stream.Documents[0].RootNode;
    }

    [Fact]
    public void The_deployment_guide_covers_every_policy_key_and_installer()
    {
        string guide = Repo.Read("docs", "DEPLOYMENT.md");
        foreach (var (key, _) in PolicySettings.SystemScopeKeys)
        {
            Assert.Contains(key, guide, StringComparison.Ordinal);
        }

        foreach (string topic in (string[])["msiexec", "Intune", "Jamf", "dpkg", "apt", "dotnet tool install", "install.sh", "CI images"])
        {
            Assert.Contains(topic, guide, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("bash", "eng/pack.sh")]
    [InlineData("bash", "eng/version.sh")]
    [InlineData("bash", "eng/install.sh")]
    [InlineData("bash", "eng/demo.sh")]
    [InlineData("bash", "eng/test-packages.sh")]
    [InlineData("bash", "installer/linux/build-deb.sh")]
    [InlineData("bash", "installer/linux/build-tarball.sh")]
    [InlineData("bash", "installer/macos/build-pkg.sh")]
    [InlineData("bash", "installer/macos/test-pkg.sh")]
    [InlineData("sh", "installer/linux/tarball/install.sh")]
    [InlineData("sh", "installer/linux/tarball/uninstall.sh")]
    [InlineData("sh", "installer/linux/debian/prerm")]
    [InlineData("sh", "installer/macos/scripts/postinstall")]
    [InlineData("sh", "installer/macos/uninstall.sh")]
    [Trait(OsTraits.Name, OsTraits.Unix)] // Linux and macOS scripts, asked of their own shells (Windows has no POSIX sh to ask)
    public void Shell_scripts_parse(string shell, string script)
    {
        using var process = Process.Start(new ProcessStartInfo(shell, ["-n", Path.Combine(Repo.Root, script)]) { RedirectStandardError = true })!;
        string error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(30_000));
        Assert.True(process.ExitCode == 0, $"{shell} -n {script}: {error}");
    }
}
