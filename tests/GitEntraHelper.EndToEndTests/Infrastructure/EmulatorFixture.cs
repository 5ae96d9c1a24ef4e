using System.Diagnostics;
using System.Net.Security;
using System.Reflection;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace GitEntraHelper.EndToEndTests.Infrastructure;

/// <summary>
/// Starts tests/Emulator with a temporary --state-dir, waits for emulator.env (written once it
/// serves), exposes its values, and stops it (SIGTERM, then kill) on dispose. Shared through the
/// "Emulator" collection; tests that flip one-way switches (expire, revoke, claims challenge) use
/// their own instance via <see cref="IClassFixture{TFixture}"/> of a subclass.
/// </summary>
public class EmulatorFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly StringBuilder _output = new();
    private Process? _process;
    private IDisposable? _trust;
    private Dictionary<string, string> _values = new(StringComparer.Ordinal);

    /// <summary>Whether sign-ins are approved at once as EMULATOR_USER (the default for tests).</summary>
    protected virtual bool AutoApprove => true;

    public string StateDirectory { get; } = Directory.CreateTempSubdirectory("emulator-").FullName;

    public IReadOnlyDictionary<string, string> Values => _values;

    public string this[string key] => _values.TryGetValue(key, out var value)
        ? value
        : throw new KeyNotFoundException($"emulator.env has no {key}");

    public string AuthorityHost => this["AZURE_AUTHORITY_HOST"];
    public string TenantId => this["EMULATOR_TENANT_ID"];
    public string Authority => AuthorityHost + TenantId;
    public string DevOpsUrl => this["EMULATOR_DEVOPS_URL"];
    public string CaFile => this["EMULATOR_CA_FILE"];
    public string User => this["EMULATOR_USER"];
    public string AdminUrl => this["EMULATOR_ADMIN_URL"];
    public string PublicClientId => this["EMULATOR_PUBLIC_CLIENT_ID"];
    public string ReposDirectory => this["EMULATOR_REPOS_DIR"];
    public string MsaOrganization => this["EMULATOR_MSA_ORG"];
    public string MsaUser => this["EMULATOR_MSA_USER"];

    /// <summary>How long the emulator took from process start to a written emulator.env.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>
    /// Makes a sandbox's processes trust the emulator's CA (git: GIT_SSL_CAINFO, which wins over
    /// http.sslCAInfo; .NET: SSL_CERT_FILE) and use it as the Entra authority (AZURE_AUTHORITY_HOST).
    /// </summary>
    public void ConfigureSandbox(GitSandbox sandbox)
    {
        sandbox.Environment["GIT_SSL_CAINFO"] = CaFile;
        sandbox.Environment["SSL_CERT_FILE"] = CaFile;
        sandbox.Environment["AZURE_AUTHORITY_HOST"] = AuthorityHost;
    }

    /// <summary>The seeded repository of an organization (contoso or fabrikam).</summary>
    public string RepositoryUrl(string organization = "contoso") => $"{DevOpsUrl}/{organization}/demo/_git/demo";

    /// <summary>Path of an organization's bare repository, for LibGit2Sharp inspection.</summary>
    public string BareRepositoryPath(string organization = "contoso") => Path.Combine(ReposDirectory, organization, "demo", "demo.git");

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", EmulatorAssembly(), "--state-dir", StateDirectory, "--parent-pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        if (AutoApprove)
        {
            start.ArgumentList.Add("--auto-approve");
        }

        var clock = Stopwatch.StartNew();
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start the emulator");
        _process.OutputDataReceived += (_, e) => Capture(e.Data);
        _process.ErrorDataReceived += (_, e) => Capture(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var envFile = Path.Combine(StateDirectory, "emulator.env");
        while (!File.Exists(envFile))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the emulator exited with {_process.ExitCode}: {Output}");
            }

            if (clock.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"the emulator did not write emulator.env within {StartTimeout}: {Output}");
            }

            await Task.Delay(25);
        }

        StartupTime = clock.Elapsed;
        _values = Parse(await File.ReadAllTextAsync(envFile));
        _trust = TestPlatform.TrustCertificateAuthority(CaFile);
    }

    public async Task DisposeAsync()
    {
        _trust?.Dispose();
        _trust = null;
        if (_process is { HasExited: false } && OperatingSystem.IsWindows())
        {
            _process.Kill(entireProcessTree: true); // no SIGTERM on Windows
        }
        else if (_process is { HasExited: false })
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        if (_process is not null)
        {
            ExitCode = _process.ExitCode;
            _process.Dispose();
            _process = null;
        }

        try
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }

    /// <summary>What the emulator printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The emulator's exit code once disposed (0 = clean stop on SIGTERM).</summary>
    public int? ExitCode { get; private set; }

    /// <summary>The process, for tests of the emulator's own lifecycle.</summary>
    public Process Process => _process ?? throw new InvalidOperationException("not started");

    /// <summary>An HttpClient that trusts the emulator's CA (and nothing else) and does not follow redirects.</summary>
    public HttpClient CreateHttpClient(bool followRedirects = false) => new(CreateHandler(followRedirects), disposeHandler: true);

    public SocketsHttpHandler CreateHandler(bool followRedirects = false)
    {
        using var caFile = X509CertificateLoader.LoadCertificateFromFile(CaFile);
        var authority = X509CertificateLoader.LoadCertificate(caFile.RawData);
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = followRedirects,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) => IsIssuedByAuthority(certificate, authority),
            },
        };
    }

    public async Task<JsonObject> GetStatsAsync()
    {
        using var client = new HttpClient();
        var json = await client.GetStringAsync(AdminUrl + "/stats");
        return JsonNode.Parse(json)!.AsObject();
    }

    public async Task<long> StatAsync(string name) => (long)(await GetStatsAsync())[name]!;

    /// <summary>POST an admin switch, e.g. "/expire-tokens" or "/authority-fail?status=503".</summary>
    public async Task AdminAsync(string pathAndQuery)
    {
        using var client = new HttpClient();
        using var response = await client.PostAsync(AdminUrl + pathAndQuery, content: null);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>POST an admin endpoint that answers with data, e.g. "/seed-pats?count=3".</summary>
    public async Task<JsonObject> AdminJsonAsync(string pathAndQuery)
    {
        using var client = new HttpClient();
        using var response = await client.PostAsync(AdminUrl + pathAndQuery, content: null);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static bool IsIssuedByAuthority(X509Certificate? certificate, X509Certificate2 authority)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static string EmulatorAssembly()
    {
        var path = typeof(EmulatorFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "EmulatorAssembly")?.Value;
        if (path is null || !File.Exists(path))
        {
            throw new FileNotFoundException($"the emulator is not built at '{path}'; build tests/Emulator first");
        }

        return path;
    }

    /// <summary>KEY=VALUE lines; single-quoted values are unquoted as the shell would.</summary>
    private static Dictionary<string, string> Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var value = line[(equals + 1)..];
            if (value.Length >= 2 && value[0] == '\'' && value[^1] == '\'')
            {
                value = value[1..^1].Replace("'\\''", "'", StringComparison.Ordinal);
            }

            values[line[..equals]] = value;
        }

        return values;
    }
}

/// <summary>Test classes in this collection share one emulator (xunit runs them one after another).</summary>
[CollectionDefinition(Name)]
public sealed class EmulatorCollection : ICollectionFixture<EmulatorFixture>
{
    public const string Name = "Emulator";
}
