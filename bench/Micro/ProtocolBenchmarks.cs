using System.Text;
using BenchmarkDotNet.Attributes;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Protocol;

namespace GitEntraHelper.Micro;

/// <summary>
/// The credential protocol on every git request: reading what git 2.39 and git 2.47 send, and writing
/// the answer. Allocations per request are the figure to watch.
/// </summary>
[MemoryDiagnoser]
public class ProtocolBenchmarks
{
    private static readonly byte[] Git239Request = Encoding.UTF8.GetBytes(
        "protocol=https\nhost=dev.azure.com\npath=contoso/demo/_git/demo\nusername=contoso\n\n");

    private static readonly byte[] Git247Request = Encoding.UTF8.GetBytes(
        "capability[]=authtype\ncapability[]=state\nprotocol=https\nhost=dev.azure.com\npath=contoso/demo/_git/demo\n" +
        "wwwauth[]=Bearer authorization_uri=https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47\n" +
        "wwwauth[]=Basic realm=\"https://tfsprodcus3.visualstudio.com/\"\n\n");

    // A realistic Entra access token length; the content does not matter to the writer.
    private static readonly Secret Token = new(new string('x', 1800));
    private static readonly DateTimeOffset Expiry = DateTimeOffset.FromUnixTimeSeconds(1_900_000_000);

    private readonly CredentialRequest _basicRequest = CredentialReader.Read(new MemoryStream(Git239Request));
    private readonly CredentialRequest _bearerRequest = CredentialReader.Read(new MemoryStream(Git247Request));

    [Benchmark(Description = "read git 2.39 request (protocol, host, path, username)")]
    public CredentialRequest ReadGit239() => CredentialReader.Read(new MemoryStream(Git239Request, writable: false));

    [Benchmark(Description = "read git 2.47 request (capabilities, two wwwauth[])")]
    public CredentialRequest ReadGit247() => CredentialReader.Read(new MemoryStream(Git247Request, writable: false));

    [Benchmark(Description = "encode answer: username + password + expiry")]
    public byte[] WriteBasic() => CredentialWriter.Encode(CredentialResponse.ForAccessToken(_basicRequest, Token, Expiry, "entra"));

    [Benchmark(Description = "encode answer: authtype=Bearer + credential + expiry")]
    public byte[] WriteBearer() => CredentialWriter.Encode(CredentialResponse.ForAccessToken(_bearerRequest, Token, Expiry, "entra"));
}
