using GitEntraHelper.Setup;

namespace GitEntraHelper.Commands;

/// <summary>
/// `configure [--system] [--org ORG]... [--url URL]...`: makes git use this helper for Azure DevOps
/// (see <see cref="GitConfigSetup"/>) and prints every line it changed.
/// </summary>
public static class ConfigureCommand
{
    public static string Usage => Help.HelpCatalogue.UsageOf("configure");

    public static int Run(IReadOnlyList<string> args, SetupHost host)
    {
        var scope = GitConfigScope.Global;
        var organizations = new List<string>();
        var urls = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            string? value = null;
            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                value = arg[(equals + 1)..];
                arg = arg[..equals];
            }

            switch (arg)
            {
                case "--system" when value is null:
                    scope = GitConfigScope.System;
                    break;
                case "--org" or "--url":
                    if (value is null)
                    {
                        if (i + 1 >= args.Count)
                        {
                            return host.Usage($"{arg} needs a value", Usage);
                        }

                        value = args[++i];
                    }

                    if (arg == "--org")
                    {
                        if (!SetupTarget.IsValidOrganization(value))
                        {
                            return host.Usage($"'{value}' is not an Azure DevOps organization name (letters, digits, hyphens)", Usage);
                        }

                        organizations.Add(value);
                    }
                    else
                    {
                        string? url = SetupTarget.NormalizeUrl(value);
                        if (url is null)
                        {
                            return host.Usage($"'{value}' is not an https URL without user, query or fragment", Usage);
                        }

                        urls.Add(url);
                    }

                    break;
                default:
                    return host.Usage($"unknown option '{args[i]}'", Usage);
            }
        }

        return host.Guard(() =>
        {
            var setup = new GitConfigSetup(host.Git, scope);
            var notes = new List<string>();
            IReadOnlyList<SetupTarget> targets = SetupTarget.Plan(organizations, urls, setup.ReadGitVersion(), notes);
            string helper = HelperValue.For(host.ExecutablePath, host.PathVariable, host.IsWindows);
            IReadOnlyList<ConfigChange> changes = setup.Configure(targets, helper);
            if (changes.Count == 0)
            {
                host.Output.WriteLine($"git-credential-entra is already configured in the {scope.Describe()} git config; nothing changed");
            }
            else
            {
                host.Output.WriteLine($"configured the {scope.Describe()} git config for Azure DevOps:");
                foreach (ConfigChange change in changes)
                {
                    host.Output.WriteLine($"  {change}");
                }
            }

            foreach (string note in notes)
            {
                host.Output.WriteLine($"note: {note}");
            }

            return 0;
        });
    }
}
