using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;
using GitEntraHelper.Setup;
using GitEntraHelper.Setup.Migration;

namespace GitEntraHelper.Commands;

/// <summary>
/// git's credential helpers as this process finds them (<see cref="CredentialSurvey"/>: two `git config`
/// runs), read once per command by whoever asks about them — diagnose's helper-order and stored-PAT checks,
/// get's quit rule — with the HOME and XDG_CONFIG_HOME git's own store helper would read.
/// </summary>
internal sealed class GitHelperList
{
    private GitHelperList(CredentialSurvey? survey, string? problem, string home, string? xdgConfigHome)
    {
        Survey = survey;
        Problem = problem;
        Home = home;
        XdgConfigHome = xdgConfigHome;
    }

    /// <summary>Null when git's config could not be read; <see cref="Problem"/> says why.</summary>
    public CredentialSurvey? Survey { get; }

    public string? Problem { get; }

    public string Home { get; }

    public string? XdgConfigHome { get; }

    public static GitHelperList Read(HelperContext context)
    {
        string home = context.Environment.Get(Variables.Home) ?? context.Environment.Get(Variables.UserProfile) ?? "";
        string? xdgConfigHome = context.Environment.Get(Variables.XdgConfigHome);
        try
        {
            return new(new CredentialSurvey(new GitProcess(runner: context.Commands), home, xdgConfigHome), null, home, xdgConfigHome);
        }
        catch (HelperException e)
        {
            return new(null, e.Message, home, xdgConfigHome);
        }
    }

    /// <summary>Where this helper stands in <paramref name="chain"/>, or -1 when git does not run it.</summary>
    public static int IndexOfOurs(IReadOnlyList<CredentialHelper> chain)
    {
        for (int i = 0; i < chain.Count; i++)
        {
            if (chain[i].Kind == "entra")
            {
                return i;
            }
        }

        return -1;
    }
}
