using Emulator.Admin;
using Emulator.Certificates;
using Emulator.DevOps;
using Emulator.Entra;
using Emulator.Hosting;
using Emulator.ManagedIdentity;
using Emulator.Model;
using Emulator.Oidc;
using Emulator.Tokens;

namespace Emulator;

/// <summary>
/// Starts every part on 127.0.0.1 (free ports), seeds the repositories, and only then writes
/// emulator.env, so its presence means "serving".
/// </summary>
internal sealed class EmulatorHost : IAsyncDisposable
{
    private readonly List<WebApplication> _servers = [];
    private TestCertificateAuthority? _authority;

    public async Task StartAsync(CommandLine options)
    {
        var state = options.StateDirectory;
        Directory.CreateDirectory(state);
        File.Delete(Path.Combine(state, EnvFile.FileName)); // a stale file must not look like "ready"

        // Key generation and git seeding are the slow parts: run them side by side.
        var authorityTask = Task.Run(TestCertificateAuthority.Create);
        var entraKeyTask = Task.Run(SigningKey.Create);
        var oidcKeyTask = Task.Run(SigningKey.Create);
        var clientCertificateTask = Task.Run(() => ClientCertificateFiles.Create(state));
        var seedTask = RepositorySeeder.SeedAsync(Path.Combine(state, "repos"), state,
            Catalog.OrganizationNames.Select(organization => (organization, "demo", "demo")));

        _authority = await authorityTask;
        var context = new EmulatorContext(state, await entraKeyTask, await oidcKeyTask);
        // Signing and validating the first JWT is slow (cold code); do it while the servers start.
        var warmUp = Task.Run(() => TokenWarmUp.RunAsync(context.EntraKey));
        var identityHeader = UrlSafe.RandomToken(24);
        var tls = _authority.ServerCertificate;
        var entra = Add(EntraServer.Create(context, tls));
        var devOps = Add(DevOpsServer.Create(context, tls));
        var oidc = Add(OidcServer.Create(context, tls));
        var identity = Add(AppServiceIdentityServer.Create(context, identityHeader));
        var admin = Add(AdminServer.Create(context));
        await Task.WhenAll(_servers.Select(s => s.StartAsync()));

        string Base(WebApplication app) => ServerFactory.BoundAddress(app).GetLeftPart(UriPartial.Authority);
        var urls = new EndpointUrls(
            AuthorityHost: Base(entra) + "/",
            DevOpsUrl: Base(devOps),
            OidcBase: Base(oidc) + "/",
            IdentityEndpoint: Base(identity) + AppServiceIdentityServer.Path,
            AdminUrl: Base(admin));
        var clientCertificate = await clientCertificateTask;
        context.Initialize(urls, issuers => Catalog.Create(issuers, clientCertificate.Certificate));
        if (options.AutoApprove)
        {
            context.Switches.AutoApproval = AutoApproval.ByAuthority;
        }

        var caFile = Path.Combine(state, "ca.pem");
        AtomicFile.Write(caFile, _authority.AuthorityPem);
        var federatedTokenFile = Path.Combine(state, "federated-token.jwt");
        AtomicFile.Write(federatedTokenFile, context.Issuers.Kubernetes.Mint(
            WellKnown.KubernetesSubject, WellKnown.TokenExchangeAudience, TimeSpan.FromHours(24)));
        await seedTask;
        await warmUp;

        EnvFile.Write(state, EnvironmentValues.Create(context, caFile, identityHeader, federatedTokenFile, clientCertificate));
    }

    private WebApplication Add(WebApplication server)
    {
        _servers.Add(server);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await Task.WhenAll(_servers.Select(s => s.StopAsync(timeout.Token)));
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        _authority?.Dispose();
    }
}
