using BenchmarkDotNet.Attributes;
using GitEntraHelper.AzureDevOps;
using GitEntraHelper.Protocol;

namespace GitEntraHelper.Micro;

/// <summary>
/// URL resolution on every git request: is the remote Azure DevOps, and which organization? Includes
/// the URL that `git config --get-urlmatch` is asked about.
/// </summary>
[MemoryDiagnoser]
public class UrlBenchmarks
{
    private readonly CredentialRequest _devAzure = Request("https", "dev.azure.com", "contoso/demo/_git/demo");
    private readonly CredentialRequest _visualStudio = Request("https", "contoso.visualstudio.com", "demo/_git/demo");
    private readonly CredentialRequest _declared = Request("https", "127.0.0.1:8443", "contoso/demo/_git/demo");
    private readonly CredentialRequest _foreign = Request("https", "github.com", "octo/demo.git");

    [Benchmark(Description = "dev.azure.com/{org}/… → organization")]
    public RemoteMatch DevAzure() => AzureDevOpsUrl.Match(_devAzure, declaredByConfig: false);

    [Benchmark(Description = "{org}.visualstudio.com → organization")]
    public RemoteMatch VisualStudio() => AzureDevOpsUrl.Match(_visualStudio, declaredByConfig: false);

    [Benchmark(Description = "host declared in git config → organization")]
    public RemoteMatch Declared() => AzureDevOpsUrl.Match(_declared, declaredByConfig: true);

    [Benchmark(Description = "foreign host → not ours")]
    public RemoteMatch Foreign() => AzureDevOpsUrl.Match(_foreign, declaredByConfig: false);

    [Benchmark(Description = "request → URL for git config")]
    public string ToUrl() => _devAzure.ToUrl();

    private static CredentialRequest Request(string protocol, string host, string path) =>
        new() { Protocol = protocol, Host = host, Path = path };
}
