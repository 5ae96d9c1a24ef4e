using GitEntraHelper.EndToEndTests.Infrastructure;
using LibGit2Sharp;

namespace GitEntraHelper.EndToEndTests.Workload;

/// <summary>
/// A CI job's world: the published helper as git's credential helper, the emulator as Entra ID and
/// Azure DevOps (its host declared as azure-devops), the encrypted token cache in a private keyring,
/// no terminal prompts, and one identity's variables — nothing else.
/// </summary>
internal static class WorkloadSandbox
{
    public const string AzureDevOpsResource = "499b84ac-1321-427f-aa17-267ca6975798";

    public static GitSandbox Create(EmulatorFixture emulator, ISecretStore? keyring, string identity, GitKind git = GitKind.System)
    {
        var sandbox = new GitSandbox(git, keyring);
        sandbox.UseHelper();
        emulator.ConfigureSandbox(sandbox);
        sandbox.SetConfig($"credential.{emulator.DevOpsUrl}.provider", "azure-devops");
        sandbox.SetConfig($"credential.{emulator.DevOpsUrl}.useHttpPath", "true");
        sandbox.SetConfig("user.name", "CI job");
        sandbox.SetConfig("user.email", "ci@example.invalid");
        sandbox.Environment["CI"] = "true";
        foreach (var (name, value) in Identity(emulator, identity))
        {
            sandbox.Environment[name] = value;
        }

        return sandbox;
    }

    /// <summary>The variables (or GCM keys in the environment) with which a CI system hands the helper one identity.</summary>
    public static Dictionary<string, string> Identity(EmulatorFixture e, string identity) => identity switch
    {
        "managed-identity-system" => new()
        {
            ["IDENTITY_ENDPOINT"] = e["EMULATOR_IDENTITY_ENDPOINT"],
            ["IDENTITY_HEADER"] = e["EMULATOR_IDENTITY_HEADER"],
        },
        "managed-identity-user-client-id" => new()
        {
            ["IDENTITY_ENDPOINT"] = e["EMULATOR_IDENTITY_ENDPOINT"],
            ["IDENTITY_HEADER"] = e["EMULATOR_IDENTITY_HEADER"],
            ["AZURE_CLIENT_ID"] = e["EMULATOR_MI_USER_ASSIGNED_CLIENT_ID"],
        },
        "managed-identity-user-resource-id" => new()
        {
            ["IDENTITY_ENDPOINT"] = e["EMULATOR_IDENTITY_ENDPOINT"],
            ["IDENTITY_HEADER"] = e["EMULATOR_IDENTITY_HEADER"],
            ["GCM_AZREPOS_MANAGEDIDENTITY"] = "resource://" + e["EMULATOR_MI_USER_ASSIGNED_RESOURCE_ID"],
        },
        "service-principal-secret" => new()
        {
            ["AZURE_CLIENT_ID"] = e["EMULATOR_SP_CLIENT_ID"],
            ["AZURE_TENANT_ID"] = e.TenantId,
            ["AZURE_CLIENT_SECRET"] = e["EMULATOR_SP_CLIENT_SECRET"],
        },
        "service-principal-gcm-keys" => new()
        {
            ["GCM_AZREPOS_SERVICE_PRINCIPAL"] = e.TenantId + "/" + e["EMULATOR_SP_CLIENT_ID"],
            ["GCM_AZREPOS_SP_SECRET"] = e["EMULATOR_SP_CLIENT_SECRET"],
        },
        "service-principal-pem" => new()
        {
            ["AZURE_CLIENT_ID"] = e["EMULATOR_SP_CERT_CLIENT_ID"],
            ["AZURE_TENANT_ID"] = e.TenantId,
            ["AZURE_CLIENT_CERTIFICATE_PATH"] = e["EMULATOR_SP_CERT_PEM"],
        },
        "service-principal-pfx" => new()
        {
            ["AZURE_CLIENT_ID"] = e["EMULATOR_SP_CERT_CLIENT_ID"],
            ["AZURE_TENANT_ID"] = e.TenantId,
            ["AZURE_CLIENT_CERTIFICATE_PATH"] = e["EMULATOR_SP_CERT_PFX"],
            ["AZURE_CLIENT_CERTIFICATE_PASSWORD"] = e["EMULATOR_SP_CERT_PFX_PASSWORD"],
        },
        "federated-token-file" => new()
        {
            ["AZURE_CLIENT_ID"] = e["EMULATOR_WIF_CLIENT_ID"],
            ["AZURE_TENANT_ID"] = e.TenantId,
            ["AZURE_FEDERATED_TOKEN_FILE"] = e["EMULATOR_FEDERATED_TOKEN_FILE"],
        },
        // GCM's workload identity federation keys (GCM_AZREPOS_WIF*), the generic assertion as a file:// URI.
        "gcm-wif-generic-file" => new()
        {
            ["GCM_AZREPOS_WIF"] = "generic",
            ["GCM_AZREPOS_WIF_CLIENTID"] = e["EMULATOR_WIF_CLIENT_ID"],
            ["GCM_AZREPOS_WIF_TENANTID"] = e.TenantId,
            ["GCM_AZREPOS_WIF_ASSERTION"] = new Uri(e["EMULATOR_FEDERATED_TOKEN_FILE"]).AbsoluteUri,
        },
        "gcm-wif-github-actions" => new()
        {
            ["GCM_AZREPOS_WIF"] = "githubactions",
            ["GCM_AZREPOS_WIF_CLIENTID"] = e["EMULATOR_GITHUB_WIF_CLIENT_ID"],
            ["GCM_AZREPOS_WIF_TENANTID"] = e.TenantId,
            ["ACTIONS_ID_TOKEN_REQUEST_URL"] = e["EMULATOR_GITHUB_OIDC_REQUEST_URL"],
            ["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = e["EMULATOR_GITHUB_OIDC_REQUEST_TOKEN"],
        },
        "github-actions" => new()
        {
            ["AZURE_CLIENT_ID"] = e["EMULATOR_GITHUB_WIF_CLIENT_ID"],
            ["AZURE_TENANT_ID"] = e.TenantId,
            ["ACTIONS_ID_TOKEN_REQUEST_URL"] = e["EMULATOR_GITHUB_OIDC_REQUEST_URL"],
            ["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = e["EMULATOR_GITHUB_OIDC_REQUEST_TOKEN"],
        },
        "azure-pipelines" => new()
        {
            ["AZURESUBSCRIPTION_CLIENT_ID"] = e["EMULATOR_PIPELINES_WIF_CLIENT_ID"],
            ["AZURESUBSCRIPTION_TENANT_ID"] = e.TenantId,
            ["AZURESUBSCRIPTION_SERVICE_CONNECTION_ID"] = e["EMULATOR_PIPELINES_SERVICE_CONNECTION_ID"],
            ["SYSTEM_OIDCREQUESTURI"] = e["EMULATOR_PIPELINES_OIDC_REQUEST_URI"],
            ["SYSTEM_ACCESSTOKEN"] = e["EMULATOR_PIPELINES_ACCESS_TOKEN"],
        },
        "none" => new(),
        _ => throw new ArgumentOutOfRangeException(nameof(identity), identity, "unknown identity"),
    };

    /// <summary>The secrets an identity's variables carry: none may appear in output or in files.</summary>
    public static IEnumerable<string> Secrets(EmulatorFixture e) =>
    [
        e["EMULATOR_SP_CLIENT_SECRET"], e["EMULATOR_SP_CERT_PFX_PASSWORD"], e["EMULATOR_IDENTITY_HEADER"],
        e["EMULATOR_GITHUB_OIDC_REQUEST_TOKEN"], e["EMULATOR_PIPELINES_ACCESS_TOKEN"],
    ];

    /// <summary>Clones contoso/demo, commits a file and pushes it to a new branch; returns the commit id.</summary>
    public static string CloneCommitPush(GitSandbox sandbox, EmulatorFixture emulator, string branch)
    {
        var directory = "clone-" + branch;
        sandbox.Git("clone", emulator.RepositoryUrl(), directory).EnsureSuccess();
        var work = Path.Combine(sandbox.WorkDirectory, directory);
        File.WriteAllText(Path.Combine(work, branch + ".txt"), $"pushed by {branch}\n");
        Git(sandbox, work, "add", ".").EnsureSuccess();
        Git(sandbox, work, "commit", "-m", "from " + branch).EnsureSuccess();
        Git(sandbox, work, "push", "origin", "HEAD:refs/heads/" + branch).EnsureSuccess();
        return Git(sandbox, work, "rev-parse", "HEAD").EnsureSuccess().StdOut.Trim();
    }

    public static ProcessResult Git(GitSandbox sandbox, string workingDirectory, params string[] arguments) =>
        sandbox.GitAsync(arguments, workingDirectory: workingDirectory).GetAwaiter().GetResult();

    /// <summary>What the server really holds for a branch (read from the bare repository, not through git's remote).</summary>
    public static string? ServerBranch(EmulatorFixture emulator, string branch)
    {
        using var repository = new Repository(emulator.BareRepositoryPath());
        return repository.Branches[branch]?.Tip?.Sha;
    }

    /// <summary>Lines the helper wrote to git's stderr.</summary>
    public static IReadOnlyList<string> HelperLines(ProcessResult result) =>
        result.HelperMessages; // each with its hint: lines
}
