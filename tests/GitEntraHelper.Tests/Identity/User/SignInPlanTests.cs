using GitEntraHelper.Identity.User;
using GitEntraHelper.Settings;

namespace GitEntraHelper.Tests.Identity.User;

public sealed class SignInPlanTests
{
    private static readonly InteractionDecision Desktop = new(true, Terminal: true, Desktop: true, null);
    private static readonly InteractionDecision Ssh = new(true, Terminal: true, Desktop: false, null);
    private static readonly InteractionDecision Ide = new(true, Terminal: false, Desktop: true, null);

    [Fact]
    public void Auto_on_a_desktop_with_a_broker_tries_broker_browser_device_code() =>
        Assert.Equal([SignInFlow.Broker, SignInFlow.System, SignInFlow.DeviceCode], Plan(SignInFlow.Auto, Desktop, broker: true));

    [Fact]
    public void Auto_without_a_broker_starts_with_the_browser() =>
        Assert.Equal([SignInFlow.System, SignInFlow.DeviceCode], Plan(SignInFlow.Auto, Desktop, broker: false));

    [Fact]
    public void Auto_over_ssh_uses_device_code_without_probing_the_broker()
    {
        bool probed = false;
        var plan = SignInPlan.For(SignInFlow.Auto, Ssh, browserConfigured: false, () => { probed = true; return new(true, "x"); });

        Assert.Equal([SignInFlow.DeviceCode], plan);
        Assert.False(probed);
    }

    [Fact]
    public void Auto_over_ssh_with_BROWSER_set_tries_that_browser_first() =>
        Assert.Equal([SignInFlow.System, SignInFlow.DeviceCode], Plan(SignInFlow.Auto, Ssh, broker: false, browser: true));

    [Fact]
    public void Auto_without_a_terminal_never_plans_a_device_code() =>
        Assert.Equal([SignInFlow.System], Plan(SignInFlow.Auto, Ide, broker: false));

    [Fact]
    public void Explicit_broker_is_attempted_then_falls_back() =>
        Assert.Equal([SignInFlow.Broker, SignInFlow.DeviceCode], Plan(SignInFlow.Broker, Ssh, broker: false));

    [Theory]
    [InlineData(SignInFlow.System)]
    [InlineData(SignInFlow.DeviceCode)]
    public void Explicit_system_or_device_code_is_the_only_flow(SignInFlow flow) =>
        Assert.Equal([flow], Plan(flow, Desktop, broker: true));

    [Fact]
    public void Auto_in_wsl_tries_the_windows_browser_then_device_code() =>
        Assert.Equal([SignInFlow.System, SignInFlow.DeviceCode], Plan(SignInFlow.Auto, Ssh with { Session = SessionKind.Wsl }, broker: false));

    [Theory]
    [InlineData(SessionKind.DevContainer)]
    [InlineData(SessionKind.Codespaces)]
    public void Auto_in_a_dev_container_or_codespace_never_opens_a_browser_even_with_BROWSER_set(SessionKind session) =>
        Assert.Equal([SignInFlow.DeviceCode], Plan(SignInFlow.Auto, Ssh with { Session = session }, broker: false, browser: true));

    [Fact]
    public void Explicit_system_in_a_codespace_is_still_honoured() =>
        Assert.Equal([SignInFlow.System], Plan(SignInFlow.System, Ssh with { Session = SessionKind.Codespaces }, broker: false));

    private static IReadOnlyList<SignInFlow> Plan(SignInFlow flow, InteractionDecision decision, bool broker, bool browser = false) =>
        SignInPlan.For(flow, decision, browser, () => new BrokerStatus(broker, "test"));
}
