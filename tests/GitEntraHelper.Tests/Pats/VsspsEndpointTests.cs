using GitEntraHelper.AzureDevOps;
using GitEntraHelper.AzureDevOps.Pats;
using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Tests.Pats;

public sealed class VsspsEndpointTests
{
    private static readonly AzureDevOpsTarget DevAzure = new(new Uri("https://dev.azure.com/contoso"), "contoso", null, TenantSource.Unknown);
    private static readonly AzureDevOpsTarget VisualStudio = new(new Uri("https://fabrikam.visualstudio.com"), "fabrikam", null, TenantSource.Unknown);
    private static readonly AzureDevOpsTarget Declared = new(new Uri("https://127.0.0.1:8443/contoso"), "contoso", null, TenantSource.Unknown);

    [Fact]
    public void Dev_azure_com_without_a_header_uses_the_documented_vssps_host()
    {
        var (endpoint, origin) = VsspsEndpoint.Choose(DevAzure, null);
        Assert.Equal("https://vssps.dev.azure.com/contoso/", endpoint.AbsoluteUri);
        Assert.Equal("the documented rule", origin);
    }

    [Fact]
    public void Visualstudio_com_without_a_header_uses_its_legacy_vssps_host()
        => Assert.Equal("https://fabrikam.vssps.visualstudio.com/", VsspsEndpoint.Choose(VisualStudio, null).Endpoint.AbsoluteUri);

    [Theory]
    [InlineData("https://vssps.dev.azure.com/contoso/", "https://vssps.dev.azure.com/contoso/")]
    [InlineData("https://VSSPS.dev.azure.com/contoso", "https://vssps.dev.azure.com/contoso/")]
    [InlineData("https://contoso.vssps.visualstudio.com/", "https://contoso.vssps.visualstudio.com/")]
    [InlineData("https://dev.azure.com/_vssps/contoso/", "https://dev.azure.com/_vssps/contoso/")] // the organization's own host
    public void A_header_naming_a_microsoft_vssps_host_or_the_organizations_host_is_used(string header, string expected)
    {
        var (endpoint, origin) = VsspsEndpoint.Choose(DevAzure, header);
        Assert.Equal(expected, endpoint.AbsoluteUri);
        Assert.Contains("X-VSS-AuthorizationEndpoint", origin, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/contoso/")]
    [InlineData("https://vssps.dev.azure.com.evil.example/contoso/")]
    [InlineData("https://a.b.vssps.visualstudio.com/")]
    [InlineData("https://xn--80ak6aa92e.vssps.visualstudio.com/")]
    [InlineData("http://vssps.dev.azure.com/contoso/")]
    [InlineData("https://vssps.dev.azure.com:8443/contoso/")]
    [InlineData("https://user:secret@vssps.dev.azure.com/contoso/")]
    [InlineData("https://vssps.dev.azure.com/contoso/?x=1")]
    [InlineData("not a url")]
    [InlineData("/relative/")]
    public void A_header_naming_any_other_host_is_ignored_for_the_documented_rule(string header)
    {
        Assert.Null(VsspsEndpoint.FromHeader(DevAzure, header));
        var (endpoint, origin) = VsspsEndpoint.Choose(DevAzure, header);
        Assert.Equal("https://vssps.dev.azure.com/contoso/", endpoint.AbsoluteUri);
        Assert.Contains("ignored", origin, StringComparison.Ordinal);
    }

    [Fact]
    public void A_declared_host_takes_a_header_on_its_own_host_and_port()
        => Assert.Equal("https://127.0.0.1:8443/_vssps/contoso/", VsspsEndpoint.Choose(Declared, "https://127.0.0.1:8443/_vssps/contoso/").Endpoint.AbsoluteUri);

    [Theory]
    [InlineData("https://127.0.0.1:9999/_vssps/contoso/")] // another port is another server
    [InlineData("https://evil.example/_vssps/contoso/")]
    public void A_declared_host_refuses_a_header_for_another_server(string header)
    {
        var e = Assert.Throws<HelperException>(() => VsspsEndpoint.Choose(Declared, header));
        Assert.Contains("refused", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_declared_host_without_a_header_has_no_endpoint()
    {
        var e = Assert.Throws<HelperException>(() => VsspsEndpoint.Choose(Declared, null));
        Assert.Contains("X-VSS-AuthorizationEndpoint", e.Message, StringComparison.Ordinal);
    }
}
