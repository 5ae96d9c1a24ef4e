using System.Text;
using GitEntraHelper.Commands;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Settings;
using NSubstitute;

namespace GitEntraHelper.Tests.Commands;

/// <summary>A HelperContext over in-memory streams, a dictionary environment and a substitute git config.</summary>
internal sealed class TestContext
{
    public TestContext(string input, Dictionary<string, string>? gitConfig = null, DictionaryEnvironmentVariables? environment = null)
    {
        GitConfig = Substitute.For<IGitConfigReader>();
        GitConfig.ReadCredentialSection(default!).ReturnsForAnyArgs(gitConfig ?? new Dictionary<string, string>());
        // A real temporary HOME: `get` now reaches the signed-in user source, whose cache and state live there.
        Environment = environment ?? new DictionaryEnvironmentVariables
        {
            ["HOME"] = Directory.CreateTempSubdirectory("gce-cmd-").FullName,
            ["CI"] = "true",
            ["GIT_ENTRA_CACHE_PROTECTION"] = "plaintext",
        };
        Context = new HelperContext
        {
            Environment = Environment,
            Trace = HelperTrace.To(TraceText),
            Input = new MemoryStream(Encoding.UTF8.GetBytes(input)),
            Output = Output,
            Error = Error,
            Paths = HelperPaths.FromEnvironment(Environment),
            GitConfig = GitConfig,
        };
    }

    public IGitConfigReader GitConfig { get; }

    public DictionaryEnvironmentVariables Environment { get; }

    public HelperContext Context { get; }

    public MemoryStream Output { get; } = new();

    public StringWriter Error { get; } = new();

    public StringWriter TraceText { get; } = new();

    public string OutputText => Encoding.UTF8.GetString(Output.ToArray());

    public Task<int> RunAsync(string command) => CommandLine.RunCommandAsync(command, Context);
}
