using GitEntraHelper.Setup;

namespace GitEntraHelper.Commands;

/// <summary>`unconfigure [--system]`: removes exactly what configure wrote, and prints it.</summary>
public static class UnconfigureCommand
{
    public static string Usage => Help.HelpCatalogue.UsageOf("unconfigure");

    public static int Run(IReadOnlyList<string> args, SetupHost host)
    {
        var scope = GitConfigScope.Global;
        foreach (string arg in args)
        {
            if (arg != "--system")
            {
                return host.Usage($"unknown option '{arg}'", Usage);
            }

            scope = GitConfigScope.System;
        }

        return host.Guard(() =>
        {
            IReadOnlyList<ConfigChange> changes = new GitConfigSetup(host.Git, scope).Unconfigure();
            if (changes.Count == 0)
            {
                host.Output.WriteLine($"git-credential-entra was not configured in the {scope.Describe()} git config; nothing changed");
                if (scope == GitConfigScope.Global && InSystemConfig(host))
                {
                    host.Error.WriteLine("hint: the system git config has its lines: sudo git credential-entra unconfigure --system");
                }

                return 0;
            }

            host.Output.WriteLine($"removed git-credential-entra from the {scope.Describe()} git config:");
            foreach (ConfigChange change in changes)
            {
                host.Output.WriteLine($"  {change}");
            }

            return changes.Any(c => c.Kind == ConfigChange.Kept) ? 1 : 0;
        });
    }

    /// <summary>Whether configure --system wrote a helper line (an installer's), which a plain unconfigure leaves.</summary>
    private static bool InSystemConfig(SetupHost host)
    {
        GitResult result = host.Git.Run("config", "--system", "--get-regexp", @"^credential\..*helper$");
        return result.ExitCode == 0 && result.Output.Split('\n').Any(line => line.Split(' ', 2) is [_, var value] && HelperValue.IsOurs(value));
    }
}
