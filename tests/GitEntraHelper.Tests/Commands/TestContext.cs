using System.Text;
using GitEntraHelper.Commands;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;
using GitEntraHelper.Settings.GitConfig;
using NSubstitute;

namespace GitEntraHelper.Tests.Commands;

/// <summary>
/// A HelperContext over in-memory streams, a dictionary environment with a temporary HOME, a substitute
/// git config, and an HTTP seam that answers every tenant probe like Azure DevOps does (401 naming
/// <see cref="ProbeTenant"/>) without any network.
/// </summary>
internal sealed class TestContext : IDisposable
{
    public const string ProbeTenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    private readonly string _home = Directory.CreateTempSubdirectory("gce-cmd-").FullName;

    public TestContext(string input, Dictionary<string, string>? gitConfig = null)
    {
        GitConfig = Substitute.For<IGitConfigReader>();
        GitConfig.ReadCredentialSection(default!).ReturnsForAnyArgs(gitConfig ?? new Dictionary<string, string>());
        // Plain-text cache in the temporary HOME: `get` reaches the signed-in user source, and unit tests have no keyring.
        Environment = new DictionaryEnvironmentVariables { ["HOME"] = _home, ["CI"] = "true", ["GIT_ENTRA_CACHE_PROTECTION"] = "plaintext" };
        Context = new HelperContext
        {
            Environment = Environment,
            Trace = HelperTrace.To(TraceText),
            Input = new MemoryStream(Encoding.UTF8.GetBytes(input)),
            Output = Output,
            Error = Error,
            Paths = HelperPaths.FromEnvironment(Environment),
            GitConfig = GitConfig,
            CreateHttpHandler = () => new ChallengeHandler(this),
        };
    }

    public int ProbeRequests { get; private set; }

    public string Home => _home;

    public IGitConfigReader GitConfig { get; }

    public DictionaryEnvironmentVariables Environment { get; }

    public HelperContext Context { get; }

    public MemoryStream Output { get; } = new();

    public StringWriter Error { get; } = new();

    public StringWriter TraceText { get; } = new();

    public string OutputText => Encoding.UTF8.GetString(Output.ToArray());

    public Task<int> RunAsync(string command) => CommandLine.RunCommandAsync(command, Context);

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private sealed class ChallengeHandler(TestContext owner) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            owner.ProbeRequests++;
            var response = new HttpResponseMessage(System.Net.HttpStatusCode.Unauthorized);
            response.Headers.TryAddWithoutValidation("WWW-Authenticate", $"Bearer authorization_uri=https://login.microsoftonline.com/{ProbeTenant}");
            return Task.FromResult(response);
        }
    }
}
