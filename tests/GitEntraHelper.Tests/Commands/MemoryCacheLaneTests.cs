using System.Text;
using GitEntraHelper.Commands;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Identity;
using GitEntraHelper.MemoryCache;
using GitEntraHelper.Platform;
using GitEntraHelper.Protocol;
using GitEntraHelper.Settings;
using GitEntraHelper.Settings.GitConfig;
using GitEntraHelper.Tests.TokenCache;
using NSubstitute;

namespace GitEntraHelper.Tests.Commands;

/// <summary>`get` through the memory cache: what it answers from memory, and what always takes the regular path.</summary>
public sealed class MemoryCacheLaneTests : IDisposable
{
    private const string Request = "protocol=https\nhost=dev.azure.com\npath=contoso/demo/_git/demo\nusername=contoso\n\n";

    private readonly string _root = Directory.CreateTempSubdirectory("gce-lane-").FullName;
    private readonly FakeKernelKeyring _keyring = new();
    private readonly DictionaryEnvironmentVariables _env;
    private readonly IGitConfigReader _gitConfig = Substitute.For<IGitConfigReader>();

    public MemoryCacheLaneTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "home"));
        _env = new DictionaryEnvironmentVariables
        {
            ["HOME"] = Path.Combine(_root, "home"),
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["CI"] = "true",
            ["GIT_ENTRA_CACHE_PROTECTION"] = "plaintext",
            ["GIT_ENTRA_TENANT_ID"] = "72f988bf-86f1-41af-91ab-2d7cd011db47",
        };
        _gitConfig.ReadCredentialSection(default!).ReturnsForAnyArgs(new Dictionary<string, string>());
    }

    private (HelperContext Context, MemoryStream Output, StringWriter Trace) Context(string input)
    {
        var recording = new RecordingEnvironment(_env);
        var output = new MemoryStream();
        var trace = new StringWriter();
        var paths = HelperPaths.FromEnvironment(recording);
        return (new HelperContext
        {
            Environment = recording,
            Trace = HelperTrace.To(trace),
            Input = new MemoryStream(Encoding.UTF8.GetBytes(input)),
            Output = output,
            Error = new StringWriter(),
            Paths = paths,
            GitConfig = _gitConfig,
            ProviderPrescan = new DeclaredProviderPrescan(recording, _root),
            MemoryCache = new MemoryTokenCache(_keyring, paths, TimeProvider.System),
            CreateHttpHandler = static () => throw new InvalidOperationException("no network in unit tests"),
        }, output, trace);
    }

    /// <summary>Stores a token the way a regular `get` of <paramref name="input"/> would have.</summary>
    private void Remember(string input, string token)
    {
        var (context, _, _) = Context(input);
        var request = CredentialReader.Read(context.Input);
        var key = context.MemoryLane!.KeyFor(request)!;
        var settings = HelperSettings.FromValues(context.Environment, new Dictionary<string, string>());
        context.MemoryLane!.Remember(key, settings,
            new AccessTokenResult(new Secret(token), DateTimeOffset.UtcNow.AddHours(1), "user alice@contoso.com"));
    }

    private async Task<(int Exit, string Output, string Trace)> GetAsync(string input)
    {
        var (context, output, trace) = Context(input);
        int exit;
        try
        {
            exit = await GetCommand.RunAsync(context, CancellationToken.None);
        }
        catch (HelperException)
        {
            exit = -1; // the regular path: no cached user here, and CI=true forbids signing in
        }

        return (exit, Encoding.UTF8.GetString(output.ToArray()), trace.ToString());
    }

    [Fact]
    public async Task A_remembered_token_is_answered_without_git_config_in_the_form_git_asked_for()
    {
        Remember(Request, "tok-from-memory");

        var basic = await GetAsync(Request);
        var bearer = await GetAsync(Request.Replace("\n\n", "\ncapability[]=authtype\n\n", StringComparison.Ordinal));

        Assert.Equal(0, basic.Exit);
        Assert.Contains("username=contoso\npassword=tok-from-memory\npassword_expiry_utc=", basic.Output, StringComparison.Ordinal);
        Assert.Contains("authtype=Bearer\ncredential=tok-from-memory\nephemeral=1\n", bearer.Output, StringComparison.Ordinal);
        Assert.Contains("memory-cache: hit", basic.Trace, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-from-memory", basic.Trace, StringComparison.Ordinal);
        _gitConfig.DidNotReceiveWithAnyArgs().ReadCredentialSection(default!);
    }

    [Fact]
    public async Task Another_organization_or_a_changed_config_file_is_a_miss()
    {
        Remember(Request, "tok-from-memory");
        var otherOrg = await GetAsync(Request.Replace("contoso", "fabrikam", StringComparison.Ordinal));
        Assert.DoesNotContain("tok-from-memory", otherOrg.Output, StringComparison.Ordinal);

        await File.WriteAllTextAsync(Path.Combine(_root, "home", ".gitconfig"), "[credential]\n\tentraTenantId = organizations\n");
        var changed = await GetAsync(Request);

        Assert.Equal(-1, changed.Exit);
        Assert.DoesNotContain("tok-from-memory", changed.Output, StringComparison.Ordinal);
        Assert.Contains("memory-cache: miss", changed.Trace, StringComparison.Ordinal);
        _gitConfig.ReceivedWithAnyArgs().ReadCredentialSection(default!);
    }

    [Theory]
    [InlineData("protocol=https\nhost=dev.azure.com\npath=contoso/demo\ncapability[]=state\nstate[]=entra:token=abc\n\n")] // git's retry
    [InlineData("protocol=https\nhost=dev.azure.com\npath=contoso/demo\nwwwauth[]=Bearer error=\"insufficient_claims\", claims=\"eyJhY2Nlc3NfdG9rZW4iOnt9fQ==\"\n\n")]
    [InlineData("protocol=http\nhost=dev.azure.com\npath=contoso/demo\n\n")]
    [InlineData("protocol=https\nhost=example.com\npath=team/repo.git\n\n")] // nothing declares it ours
    public void Retries_claims_challenges_and_requests_that_are_not_ours_never_use_the_lane(string input)
    {
        var (context, _, _) = Context(input);

        Assert.Null(context.MemoryLane!.KeyFor(CredentialReader.Read(context.Input)));
    }

    [Fact]
    public void The_switch_variable_turns_the_lane_off_and_the_setting_stops_remembering()
    {
        _env["GIT_ENTRA_MEMORY_CACHE"] = "false";
        var (off, _, _) = Context(Request);
        Assert.Null(off.MemoryLane!.KeyFor(CredentialReader.Read(off.Input)));

        _env["GIT_ENTRA_MEMORY_CACHE"] = null;
        var (context, _, trace) = Context(Request);
        var key = context.MemoryLane!.KeyFor(CredentialReader.Read(context.Input))!;
        var settings = HelperSettings.FromValues(context.Environment, new Dictionary<string, string> { ["credential.entramemorycache"] = "false" });
        context.MemoryLane!.Remember(key, settings, new AccessTokenResult(new Secret("t"), DateTimeOffset.UtcNow.AddHours(1), "u"));

        Assert.Equal(0, _keyring.Puts);
        Assert.Contains("memory-cache: off", trace.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_switch_value_is_one_clear_error_never_a_silent_default()
    {
        _env["GIT_ENTRA_MEMORY_CACHE"] = "maybe";
        var (context, _, _) = Context(Request);
        var key = context.MemoryLane!.KeyFor(CredentialReader.Read(context.Input))!;
        var settings = HelperSettings.FromValues(context.Environment, new Dictionary<string, string>());

        var e = Assert.Throws<HelperException>(() => context.MemoryLane!.Remember(key, settings,
            new AccessTokenResult(new Secret("t"), DateTimeOffset.UtcNow.AddHours(1), "u")));

        Assert.Equal("environment variable GIT_ENTRA_MEMORY_CACHE is 'maybe', expected true or false", e.Message);
        Assert.Equal(0, _keyring.Puts);
    }

    [Fact]
    public async Task Erase_forgets_what_the_memory_cache_holds()
    {
        Remember(Request, "tok-from-memory");
        var (context, _, _) = Context(Request);

        await EraseCommand.RunAsync(context, CancellationToken.None);

        Assert.Equal(1, _keyring.Clears);
        Assert.Empty(_keyring.Descriptions);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
