using System.Net;
using GitEntraHelper.AzureDevOps;
using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;
using GitEntraHelper.Settings;

namespace GitEntraHelper.Tests.AzureDevOps;

public sealed class TenantTests : IDisposable
{
    private const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string OtherTenant = "11111111-2222-3333-4444-555555555555";
    private readonly string _root = Directory.CreateTempSubdirectory("gce-tenant-").FullName;
    private readonly AzureDevOpsTarget _contoso = new(new Uri("https://dev.azure.com/contoso"), "contoso", null, TenantSource.Unknown);

    [Theory]
    [InlineData("72F988BF-86F1-41AF-91AB-2D7CD011DB47", Tenant)]
    [InlineData("organizations", "organizations")]
    [InlineData("Organizations", "organizations")]
    [InlineData("00000000-0000-0000-0000-000000000000", "organizations")]
    [InlineData("common", null)]
    [InlineData("consumers", null)]
    [InlineData("contoso.onmicrosoft.com", null)]
    [InlineData("{72f988bf-86f1-41af-91ab-2d7cd011db47}", null)]
    [InlineData("72f988bf86f141af91ab2d7cd011db47", null)]
    [InlineData("", null)]
    [InlineData("00000000-0000-+000-0000-000000000000", null)] // fuzz/ tenant-header: Guid.TryParseExact "D" takes a sign in a group
    [InlineData("00000000-+000-0000-0000-900000000000", null)] // fuzz/ tenant-header
    [InlineData("72f988bf-86f1-41af-91ab-+d7cd011db47", null)]
    public void Only_guids_and_organizations_are_tenants(string value, string? expected)
    {
        bool ok = TenantId.TryNormalize(value, out string tenant);
        Assert.Equal(expected is not null, ok);
        if (ok)
        {
            Assert.Equal(expected, tenant);
        }
    }

    [Theory]
    [InlineData($"Bearer authorization_uri=https://login.microsoftonline.com/{Tenant}", Tenant)]
    [InlineData($"Bearer authorization_uri=\"https://login.microsoftonline.com/{Tenant}\", error=\"insufficient_claims\"", Tenant)]
    [InlineData($"Basic realm=\"x\", Bearer authorization_uri=https://evil.example/{Tenant}/oauth2", Tenant)] // host ignored, tenant kept
    [InlineData($"bearer  authorization_uri = https://login.microsoftonline.com/{Tenant}", Tenant)]
    [InlineData("Bearer authorization_uri=https://login.microsoftonline.com/common", null)]
    [InlineData("Bearer authorization_uri=https://login.microsoftonline.com/evil.example", null)]
    [InlineData("Bearer realm=\"x\"", null)]
    [InlineData($"NotBearer authorization_uri=https://login.microsoftonline.com/{Tenant}", null)]
    [InlineData("TFS-Federated", null)]
    public void Tenant_from_a_bearer_challenge(string header, string? expected) =>
        Assert.Equal(expected, TenantChallenge.FromWwwAuthenticate([header]));

    [Fact]
    public void Tenant_from_resource_tenant_header()
    {
        Assert.Equal(Tenant, TenantChallenge.FromResourceTenantHeader([$"not-a-guid, {Tenant}"]));
        Assert.Null(TenantChallenge.FromResourceTenantHeader(["https://evil.example/"]));
    }

    [Fact]
    public async Task Configured_tenant_wins_over_everything_and_is_validated()
    {
        var (resolver, probe) = Resolver(HttpStatusCode.Unauthorized);
        var settings = Settings(("credential.entratenantid", OtherTenant));

        var target = await resolver.ResolveAsync(_contoso, [$"Bearer authorization_uri=https://x/{Tenant}"], settings, default);

        Assert.Equal((OtherTenant, TenantSource.Configured), (target.TenantId, target.TenantSource));
        Assert.Equal(0, probe.Requests);

        var bad = Settings(("credential.entratenantid", "https://evil.example"));
        var e = await Assert.ThrowsAsync<HelperException>(() => resolver.ResolveAsync(_contoso, [], bad, default));
        Assert.Contains("credential.entraTenantId", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Challenge_beats_cache_and_updates_it()
    {
        var (resolver, probe) = Resolver(HttpStatusCode.Unauthorized);
        Cache.Write(_contoso, OtherTenant);

        var target = await resolver.ResolveAsync(_contoso, [$"Bearer authorization_uri=https://login.microsoftonline.com/{Tenant}"], Settings(), default);

        Assert.Equal((Tenant, TenantSource.Challenge), (target.TenantId, target.TenantSource));
        Assert.Equal(Tenant, Cache.TryRead(_contoso));
        Assert.Equal(0, probe.Requests);
    }

    [Fact]
    public async Task Probe_once_then_cache()
    {
        var (resolver, probe) = Resolver(HttpStatusCode.Unauthorized, $"Bearer authorization_uri=https://login.microsoftonline.com/{Tenant}");

        var first = await resolver.ResolveAsync(_contoso, [], Settings(), default);
        var second = await resolver.ResolveAsync(_contoso, [], Settings(), default);

        Assert.Equal((Tenant, TenantSource.Probe), (first.TenantId, first.TenantSource));
        Assert.Equal((Tenant, TenantSource.Cache), (second.TenantId, second.TenantSource));
        Assert.Equal(1, probe.Requests);
        Assert.Equal(new Uri("https://dev.azure.com/contoso"), probe.LastUrl);
        Assert.False(probe.SentAuthorization);
        Assert.True(File.Exists(Path.Combine(_root, "cache", "git-credential-entra", "tenants", "dev.azure.com_contoso")));
    }

    [Fact]
    public async Task Probe_reads_resource_tenant_header_when_no_bearer_challenge()
    {
        var (resolver, _) = Resolver(HttpStatusCode.Unauthorized, resourceTenant: Tenant);

        var target = await resolver.ResolveAsync(_contoso, [], Settings(), default);

        Assert.Equal(Tenant, target.TenantId);
    }

    [Fact]
    public async Task Corrupt_cache_is_ignored()
    {
        var (resolver, probe) = Resolver(HttpStatusCode.Unauthorized, resourceTenant: Tenant);
        Directory.CreateDirectory(Path.GetDirectoryName(Cache.PathFor(_contoso))!);
        File.WriteAllText(Cache.PathFor(_contoso), "https://evil.example/\n");

        var target = await resolver.ResolveAsync(_contoso, [], Settings(), default);

        Assert.Equal((Tenant, TenantSource.Probe), (target.TenantId, target.TenantSource));
        Assert.Equal(1, probe.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, "not found")]
    [InlineData(HttpStatusCode.OK, "names no Entra tenant")]
    public async Task Probe_without_tenant_is_one_clear_line(HttpStatusCode status, string reason)
    {
        var (resolver, _) = Resolver(status);

        var e = await Assert.ThrowsAsync<HelperException>(() => resolver.ResolveAsync(_contoso, [], Settings(), default));

        Assert.Contains("cannot discover the Entra tenant of https://dev.azure.com/contoso", e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_times_out_after_5_seconds()
    {
        var probe = new TenantProbe(() => new HangingHandler(), HelperTrace.Disabled);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<HelperException>(() => probe.DiscoverAsync(new Uri("https://dev.azure.com/contoso"), default));

        Assert.Contains("no answer within 5 s", e.Message, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed.TotalSeconds, 4.5, 8);
    }

    [Fact]
    public async Task Probe_connection_failure_is_one_clear_line()
    {
        // A loopback port with nothing listening: real sockets, refused at once.
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var probe = new TenantProbe(() => new SocketsHttpHandler(), HelperTrace.Disabled);

        var e = await Assert.ThrowsAsync<HelperException>(() => probe.DiscoverAsync(new Uri($"https://127.0.0.1:{port}/contoso"), default));

        Assert.StartsWith($"cannot discover the Entra tenant of https://127.0.0.1:{port}/contoso", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Erase_forgets_the_cached_tenant()
    {
        var (resolver, _) = Resolver(HttpStatusCode.Unauthorized);
        Cache.Write(_contoso, Tenant);

        Assert.Equal(Tenant, resolver.ResolveWithoutProbe(_contoso, [], Settings()).TenantId);
        resolver.Forget(_contoso);
        Assert.Null(resolver.ResolveWithoutProbe(_contoso, [], Settings()).TenantId);
    }

    [Fact]
    public void Cache_files_are_per_organization_and_host()
    {
        var vs = new AzureDevOpsTarget(new Uri("https://contoso.visualstudio.com"), "contoso", null, TenantSource.Unknown);
        var emulator = new AzureDevOpsTarget(new Uri("https://127.0.0.1:8443/contoso"), "contoso", null, TenantSource.Unknown);
        var v6 = new AzureDevOpsTarget(new Uri("https://[::1]:8443/contoso"), "contoso", null, TenantSource.Unknown);

        string[] names = [.. new[] { _contoso, vs, emulator, v6 }.Select(t => Path.GetFileName(Cache.PathFor(t)))];

        Assert.Equal(["dev.azure.com_contoso", "contoso.visualstudio.com", "127.0.0.1_8443_contoso", "___1__8443_contoso"], names);
    }

    private TenantCache Cache => new(new HelperPaths(Path.Combine(_root, "state"), Path.Combine(_root, "cache", "git-credential-entra")));

    private (TenantResolver, ProbeHandler) Resolver(HttpStatusCode status, string? challenge = null, string? resourceTenant = null)
    {
        var handler = new ProbeHandler(status, challenge, resourceTenant);
        var resolver = new TenantResolver(Cache, new TenantProbe(() => handler, HelperTrace.Disabled), HelperTrace.Disabled);
        return (resolver, handler);
    }

    private static HelperSettings Settings(params (string Key, string Value)[] config) =>
        HelperSettings.FromValues(new DictionaryEnvironmentVariables(), config.ToDictionary(c => c.Key, c => c.Value, StringComparer.OrdinalIgnoreCase));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private sealed class ProbeHandler(HttpStatusCode status, string? challenge, string? resourceTenant) : HttpMessageHandler
    {
        public int Requests { get; private set; }

        public Uri? LastUrl { get; private set; }

        public bool SentAuthorization { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            LastUrl = request.RequestUri;
            SentAuthorization = request.Headers.Authorization is not null;
            var response = new HttpResponseMessage(status);
            if (challenge is not null)
            {
                response.Headers.TryAddWithoutValidation("WWW-Authenticate", challenge);
            }

            response.Headers.TryAddWithoutValidation("WWW-Authenticate", "Basic realm=\"https://dev.azure.com/\"");
            if (resourceTenant is not null)
            {
                response.Headers.TryAddWithoutValidation("X-VSS-ResourceTenant", resourceTenant);
            }

            return Task.FromResult(response);
        }

        protected override void Dispose(bool disposing)
        {
            // shared across resolver calls in a test; nothing to release
        }
    }

    private sealed class HangingHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
