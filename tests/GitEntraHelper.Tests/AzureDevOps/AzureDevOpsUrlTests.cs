using GitEntraHelper.AzureDevOps;
using GitEntraHelper.Protocol;

namespace GitEntraHelper.Tests.AzureDevOps;

public sealed class AzureDevOpsUrlTests
{
    // url → ours?, organization (null when not ours or refused), refused?
    public static TheoryData<string, string, string?> Cases() => new()
    {
        // dev.azure.com: organization from the first path segment, any case
        { "https://dev.azure.com/contoso/demo/_git/demo", "ours", "contoso" },
        { "https://dev.azure.com/Contoso/Demo/_git/Demo", "ours", "contoso" },
        { "https://DEV.AZURE.COM/contoso/demo/_git/demo", "ours", "contoso" },
        { "https://dev.azure.com:443/contoso/demo/_git/demo", "ours", "contoso" },
        { "https://dev.azure.com/contoso", "ours", "contoso" },
        { "https://contoso@dev.azure.com/contoso/demo/_git/demo", "ours", "contoso" },
        { "https://other@dev.azure.com/contoso/demo/_git/demo", "ours", "contoso" },
        { "https://fabrikam-01@dev.azure.com", "ours", "fabrikam-01" },
        { "https://Fabrikam@dev.azure.com", "ours", "fabrikam" },
        { "https://dev.azure.com/my.org/p/_git/r", "ours", "my.org" },
        // *.visualstudio.com: organization from the host, DefaultCollection paths too
        { "https://contoso.visualstudio.com/demo/_git/demo", "ours", "contoso" },
        { "https://contoso.visualstudio.com/DefaultCollection/demo/_git/demo", "ours", "contoso" },
        { "https://CONTOSO.VisualStudio.com/DefaultCollection/demo/_git/demo", "ours", "contoso" },
        { "https://contoso.visualstudio.com", "ours", "contoso" },
        { "https://user@contoso.visualstudio.com/demo/_git/demo", "ours", "contoso" },
        { "https://con-toso.visualstudio.com/x", "ours", "con-toso" },
        // look-alikes: never ours
        { "https://dev.azure.com.evil.example/contoso/demo/_git/demo", "not", null },
        { "https://evil.example/dev.azure.com/contoso/demo/_git/demo", "not", null },
        { "https://xdev.azure.com/contoso/demo/_git/demo", "not", null },
        { "https://dev.azure.co/contoso", "not", null },
        { "https://dev-azure.com/contoso", "not", null },
        { "https://azure.com/contoso", "not", null },
        { "https://dev.azure.com./contoso/demo", "not", null },
        { "https://visualstudio.com.evil.example/contoso", "not", null },
        { "https://contoso.visualstudio.com.evil.example/demo", "not", null },
        { "https://contoso.visualstudio.co/demo", "not", null },
        { "https://visualstudio.com/contoso", "not", null },
        { "https://.visualstudio.com/contoso", "not", null },
        { "https://a.b.visualstudio.com/demo", "not", null },
        { "https://evilvisualstudio.com/demo", "not", null },
        { "https://xn--dv-azure-8za.com/contoso", "not", null },
        { "https://xn--dev-zure-7za.azure.com/contoso", "not", null },
        { "https://xn--contso-1ya.visualstudio.com/demo", "not", null },
        { "https://d\u0435v.azure.com/contoso", "not", null }, // Cyrillic "е"
        { "https://dev.azure\u3002com/contoso", "not", null }, // ideographic full stop
        { "https://dev.azure.com@evil.example/contoso", "not", null },
        { "https://dev.azure.com:8443/contoso/demo", "not", null },
        { "https://contoso.visualstudio.com:444/demo", "not", null },
        { "https://github.com/contoso/demo", "not", null },
        { "ssh://dev.azure.com/contoso", "not", null },
        { "git://dev.azure.com/contoso", "not", null },
        // plain http to an Azure DevOps host: refused, never answered
        { "http://dev.azure.com/contoso/demo/_git/demo", "refused", null },
        { "http://contoso.visualstudio.com/demo", "refused", null },
        { "http://evil.example/dev.azure.com", "not", null },
        // organization unknown or invalid
        { "https://dev.azure.com", "refused", null },
        { "https://dev.azure.com/_apis/projects", "refused", null },
        { "https://dev.azure.com/-bad/p", "refused", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classifies_url(string url, string expected, string? organization)
    {
        RemoteMatch match = AzureDevOpsUrl.Match(CredentialReader.Read($"url={url}\n"), declaredByConfig: false);

        Assert.Equal(expected switch { "ours" => RemoteKind.Ours, "refused" => RemoteKind.Refused, _ => RemoteKind.NotOurs }, match.Kind);
        Assert.Equal(organization, match.Target?.Organization);
        if (match.Kind == RemoteKind.Refused)
        {
            Assert.False(string.IsNullOrWhiteSpace(match.Problem));
        }
    }

    [Fact]
    public void Dev_azure_without_path_or_user_tells_how_to_set_useHttpPath()
    {
        RemoteMatch match = AzureDevOpsUrl.Match(CredentialReader.Read("protocol=https\nhost=dev.azure.com\n"), false);

        Assert.Equal(RemoteKind.Refused, match.Kind);
        Assert.Contains("credential.https://dev.azure.com.useHttpPath true", match.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Http_refusal_names_https()
    {
        RemoteMatch match = AzureDevOpsUrl.Match(CredentialReader.Read("protocol=http\nhost=dev.azure.com\npath=contoso/x\n"), false);

        Assert.Equal(RemoteKind.Refused, match.Kind);
        Assert.Contains("https://", match.Problem, StringComparison.Ordinal);
        Assert.Null(match.Target);
    }

    [Theory]
    [InlineData("https://127.0.0.1:8443/contoso/demo/_git/demo", "contoso", "https://127.0.0.1:8443/contoso")]
    [InlineData("https://ado.example.test/Fabrikam/demo/_git/demo", "fabrikam", "https://ado.example.test/fabrikam")]
    [InlineData("https://contoso@ado.example.test:9000", "contoso", "https://ado.example.test:9000/contoso")]
    [InlineData("https://[::1]:8443/contoso/demo/_git/demo", "contoso", "https://[::1]:8443/contoso")]
    public void Declared_host_uses_dev_azure_url_form(string url, string organization, string organizationUrl)
    {
        RemoteMatch match = AzureDevOpsUrl.Match(CredentialReader.Read($"url={url}\n"), declaredByConfig: true);

        Assert.Equal(RemoteKind.Ours, match.Kind);
        Assert.Equal(organization, match.Target!.Organization);
        Assert.Equal(new Uri(organizationUrl), match.Target.OrganizationUrl);
    }

    // Found by fuzz/ (host-rules): a declared host went into the organization URL as it was, so an '@' or a
    // decoded '/' made that URL name another server, and a character Uri refuses threw UriFormatException.
    [Theory]
    [InlineData("url=https://dev.azure.@om.eviU.ex@mple/c/demo\n")]
    [InlineData("url=https://de%2Fzure.azure.com.evil.example/contoso\n")]
    [InlineData("url=https://dev\u001fazure.aom.evil.example/contoso/demo\n")]
    [InlineData("protocol=https\nhost=ado example:8443\npath=contoso\n")]
    [InlineData("protocol=https\nhost=[::::]\npath=contoso\n")]
    [InlineData("protocol=https\nhost=[::1\npath=contoso\n")]
    public void A_declared_host_that_no_URL_could_carry_is_not_ours(string request)
    {
        RemoteMatch match = AzureDevOpsUrl.Match(CredentialReader.Read(request), declaredByConfig: true);

        Assert.Equal(RemoteKind.NotOurs, match.Kind);
        Assert.Null(match.Target);
    }

    [Fact]
    public void Declared_host_without_path_names_its_own_useHttpPath_key()
    {
        RemoteMatch match = AzureDevOpsUrl.Match(CredentialReader.Read("protocol=https\nhost=127.0.0.1:8443\n"), true);

        Assert.Equal(RemoteKind.Refused, match.Kind);
        Assert.Contains("credential.https://127.0.0.1:8443.useHttpPath true", match.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Declared_host_over_http_is_refused()
    {
        RemoteMatch match = AzureDevOpsUrl.Match(CredentialReader.Read("url=http://127.0.0.1:8080/contoso/x\n"), true);

        Assert.Equal(RemoteKind.Refused, match.Kind);
    }

    [Theory]
    [InlineData("dev.azure.com", true)]
    [InlineData("Dev.Azure.Com:443", true)]
    [InlineData("contoso.visualstudio.com", true)]
    [InlineData("dev.azure.com:80", false)]
    [InlineData("dev.azure.com:notaport", false)]
    [InlineData("github.com", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Well_known_hosts(string? host, bool expected) => Assert.Equal(expected, AzureDevOpsUrl.IsWellKnownHost(host));

    [Fact]
    public void Well_known_organization_urls_are_canonical()
    {
        Assert.Equal(new Uri("https://dev.azure.com/contoso"),
            AzureDevOpsUrl.Match(CredentialReader.Read("url=https://dev.azure.com/CONTOSO/x/_git/y\n"), false).Target!.OrganizationUrl);
        Assert.Equal(new Uri("https://contoso.visualstudio.com"),
            AzureDevOpsUrl.Match(CredentialReader.Read("url=https://Contoso.visualstudio.com/DefaultCollection/x\n"), false).Target!.OrganizationUrl);
    }
}
