using GitEntraHelper.Platform;

namespace GitEntraHelper.Tests.Platform;

/// <summary>Programs are found as git finds them: PATH's absolute folders only, never the current directory.</summary>
public sealed class ExecutableSearchTests
{
    [Fact]
    public void Windows_never_runs_a_planted_git_exe_or_az_cmd_from_the_current_directory()
    {
        // The repository just cloned holds git.exe and az.cmd; Windows' own search would look there first.
        var exists = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { @"git.exe", @".\git.exe", @"az.cmd", @"C:\Program Files\Git\cmd\git.exe", @"C:\Azure\CLI\wbin\az.cmd" };

        Assert.Equal(@"C:\Program Files\Git\cmd\git.exe",
            ExecutableSearch.Find("git", @".;C:\Program Files\Git\cmd;C:\Azure\CLI\wbin", ".COM;.EXE;.BAT;.CMD", windows: true, exists.Contains), ignoreCase: true);
        Assert.Equal(@"C:\Azure\CLI\wbin\az.cmd",
            ExecutableSearch.Find("az", @";bin;C:\Azure\CLI\wbin", null, windows: true, exists.Contains), ignoreCase: true);
        Assert.Null(ExecutableSearch.Find("git", @".;tools", ".EXE", windows: true, exists.Contains));
    }

    [Fact]
    public void Unix_skips_empty_and_relative_path_entries_which_mean_the_current_directory()
    {
        var exists = new HashSet<string>(StringComparer.Ordinal) { "git", "./git", "bin/git", "/usr/bin/git" };

        Assert.Equal("/usr/bin/git", ExecutableSearch.Find("git", "::.:bin:/usr/bin", null, windows: false, exists.Contains));
        Assert.Null(ExecutableSearch.Find("git", ":.", null, windows: false, exists.Contains));
    }

    [Fact]
    public void A_path_is_used_as_given_and_an_extension_is_not_added_twice()
    {
        var exists = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "/bin/sh", @"C:\tools\az.cmd" };

        Assert.Equal("/bin/sh", ExecutableSearch.Find("/bin/sh", "", null, windows: false, exists.Contains));
        Assert.Equal(@"C:\tools\az.cmd", ExecutableSearch.Find("az.cmd", @"C:\tools", ".CMD", windows: true, exists.Contains));
        Assert.Null(ExecutableSearch.Find("/bin/missing", "/bin", null, windows: false, exists.Contains));
    }
}
