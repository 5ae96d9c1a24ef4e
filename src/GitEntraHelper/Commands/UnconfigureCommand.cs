using GitEntraHelper.Setup;

namespace GitEntraHelper.Commands;

/// <summary>`unconfigure [--system]`: removes exactly what configure wrote, and prints it.</summary>
public static class UnconfigureCommand
{
    public const string Usage = "usage: git-credential-entra unconfigure [--system]";

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
}
