using GitEntraHelper.Settings;

namespace GitEntraHelper.Tests.Identity.User;

public sealed class InteractionPolicyTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("false")]
    public void Git_terminal_prompt_off_wins_even_over_always(string value)
    {
        InteractionDecision d = Decide(InteractivePreference.Always, new() { ["GIT_TERMINAL_PROMPT"] = value }, terminal: true, desktop: true);

        Assert.False(d.Allowed);
        Assert.Equal("GIT_TERMINAL_PROMPT=0", d.Reason);
    }

    [Fact]
    public void Never_disables_interaction()
    {
        InteractionDecision d = Decide(InteractivePreference.Never, [], terminal: true, desktop: true);

        Assert.False(d.Allowed);
        Assert.Contains("never", d.Reason);
    }

    [Theory]
    [InlineData("CI", "true", "CI=true")]
    [InlineData("CI", "1", "CI=1")]
    [InlineData("TF_BUILD", "True", "TF_BUILD=True")]
    public void Ci_disables_interaction_unless_always(string name, string value, string reason)
    {
        var env = new Dictionary<string, string> { [name] = value };

        InteractionDecision auto = Decide(InteractivePreference.Auto, env, terminal: true, desktop: true);
        InteractionDecision always = Decide(InteractivePreference.Always, env, terminal: false, desktop: false);

        Assert.False(auto.Allowed);
        Assert.Equal(reason, auto.Reason);
        Assert.True(always.Allowed);
    }

    [Fact]
    public void Ci_false_is_not_ci()
    {
        Assert.True(Decide(InteractivePreference.Auto, new() { ["CI"] = "false" }, terminal: true, desktop: false).Allowed);
    }

    [Fact]
    public void No_terminal_and_no_desktop_means_no_one_to_ask()
    {
        InteractionDecision d = Decide(InteractivePreference.Auto, [], terminal: false, desktop: false);

        Assert.False(d.Allowed);
        Assert.Equal("no terminal or desktop session", d.Reason);
    }

    [Fact]
    public void Desktop_without_terminal_allows_a_browser_but_not_a_device_code()
    {
        InteractionDecision d = Decide(InteractivePreference.Auto, [], terminal: false, desktop: true);

        Assert.True(d.Allowed);
        Assert.False(d.Terminal);
        Assert.True(d.Desktop);
    }

    [Fact]
    public void Always_without_terminal_shows_the_device_code_on_stderr()
    {
        InteractionDecision d = Decide(InteractivePreference.Always, [], terminal: false, desktop: false);

        Assert.True(d.Allowed);
        Assert.True(d.Terminal);
    }

    [Fact]
    public void Heuristics_are_not_evaluated_when_an_explicit_signal_decides()
    {
        bool probed = false;
        InteractionPolicy.Decide(InteractivePreference.Never, _ => null, () => probed = true, () => probed = true, () => probed = true);

        Assert.False(probed);
    }

    // Where we run is a Unix question: on Windows every session is Local (WAM and Environment.UserInteractive
    // decide there), WSL is a Linux, and a dev container or Codespace is a Linux container.
    [Theory]
    [Trait(OsTraits.Name, OsTraits.Linux)]
    [InlineData("WSL_DISTRO_NAME", "Ubuntu")]
    [InlineData("WSL_INTEROP", "/run/WSL/8_interop")]
    public void Wsl_comes_from_the_variables_wsl_sets(string name, string value)
    {
        Assert.Equal(SessionKind.Wsl, InteractionPolicy.Session(n => n == name ? value : null));
    }

    [Theory]
    [Trait(OsTraits.Name, OsTraits.Unix)]
    [InlineData("SSH_CONNECTION", "192.0.2.1 5000 192.0.2.2 22", SessionKind.Ssh)]
    [InlineData("SSH_TTY", "/dev/pts/1", SessionKind.Ssh)]
    [InlineData("REMOTE_CONTAINERS", "true", SessionKind.DevContainer)]
    [InlineData("CODESPACES", "true", SessionKind.Codespaces)]
    [InlineData("CODESPACES", "false", SessionKind.Local)]
    [InlineData("REMOTE_CONTAINERS", "false", SessionKind.Local)]
    public void Where_we_run_comes_from_the_variables_each_place_sets(string name, string value, SessionKind expected)
    {
        Assert.Equal(expected, InteractionPolicy.Session(n => n == name ? value : null));
    }

    [Fact]
    public void Every_session_on_windows_is_local_and_elsewhere_the_variables_decide()
    {
        var env = new Dictionary<string, string> { ["CODESPACES"] = "true", ["REMOTE_CONTAINERS"] = "true", ["SSH_TTY"] = "/dev/pts/0", ["WSL_DISTRO_NAME"] = "Ubuntu" };

        SessionKind session = InteractionPolicy.Session(n => env.GetValueOrDefault(n));

        Assert.Equal(OperatingSystem.IsWindows() ? SessionKind.Local : SessionKind.Codespaces, session);
        Assert.Equal(SessionKind.Local, InteractionPolicy.Session(_ => null));
    }

    [Fact]
    [Trait(OsTraits.Name, OsTraits.Unix)]
    public void Overlaps_settle_remote_first_a_codespace_before_a_container_and_ssh_into_wsl_as_ssh()
    {
        var env = new Dictionary<string, string> { ["CODESPACES"] = "true", ["REMOTE_CONTAINERS"] = "true", ["SSH_TTY"] = "/dev/pts/0", ["WSL_DISTRO_NAME"] = "Ubuntu" };
        Assert.Equal(SessionKind.Codespaces, InteractionPolicy.Session(n => env.GetValueOrDefault(n)));
        env.Remove("CODESPACES");
        Assert.Equal(SessionKind.DevContainer, InteractionPolicy.Session(n => env.GetValueOrDefault(n)));
        env.Remove("REMOTE_CONTAINERS");
        Assert.Equal(SessionKind.Ssh, InteractionPolicy.Session(n => env.GetValueOrDefault(n)));
    }

    [Fact]
    [Trait(OsTraits.Name, OsTraits.Linux)]
    public void In_wsl_without_a_display_or_terminal_the_windows_browser_can_still_reach_the_user()
    {
        InteractionDecision d = Decide(InteractivePreference.Auto, new() { ["WSL_DISTRO_NAME"] = "Ubuntu" }, terminal: false, desktop: false);

        Assert.True(d.Allowed);
        Assert.Equal(SessionKind.Wsl, d.Session);
        Assert.True(d.BrowserReachesUser);
        Assert.False(d.Desktop); // no broker window, no X11 browser
    }

    [Fact]
    [Trait(OsTraits.Name, OsTraits.Linux)] // DISPLAY and containers are Linux's; macOS's desktop is "not over SSH", Windows's UserInteractive
    public void A_display_forwarded_into_a_dev_container_or_codespace_is_not_a_desktop()
    {
        Assert.False(InteractionPolicy.HasDesktop(n => n switch { "DISPLAY" => ":1", "REMOTE_CONTAINERS" => "true", _ => null }));
        Assert.False(InteractionPolicy.HasDesktop(n => n switch { "DISPLAY" => ":1", "CODESPACES" => "true", _ => null }));
        Assert.True(InteractionPolicy.HasDesktop(n => n switch { "DISPLAY" => ":1", "SSH_TTY" => "/dev/pts/0", _ => null })); // X11 forwarding
    }

    private static InteractionDecision Decide(InteractivePreference preference, Dictionary<string, string> env, bool terminal, bool desktop) =>
        InteractionPolicy.Decide(preference, n => env.GetValueOrDefault(n), () => terminal, () => desktop, static () => true);
}
