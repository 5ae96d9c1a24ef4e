using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.Workload;

/// <summary>
/// The Azure CLI way (opt-in) with a stand-in `az` on PATH: the real `az` cannot sign in offline, so the
/// stand-in gets its token from the emulator as `az` would from Entra, and keeps it in its own cache
/// file as `az` keeps its MSAL cache. Everything else — git, the helper, Azure DevOps — is real.
/// </summary>
[Collection(WorkloadCollection.Name)]
[UnsupportedOSPlatform("windows")]
public sealed class AzureCliTests(WorkloadEmulator emulator, SecretStoreFixture keyring)
{
    private const string Stub = """
        #!/bin/sh
        # az stand-in: account get-access-token only. Logs its arguments; answers from its cache file.
        printf '%s\n' "$*" >> "$AZ_STUB_DIR/calls"
        case "$*" in
          "account get-access-token "*) ;;
          *) echo "ERROR: the stand-in only knows account get-access-token" >&2; exit 2 ;;
        esac
        if [ -n "$AZ_STUB_LOGGED_OUT" ]; then
          echo "ERROR: Please run 'az login' to setup account." >&2; exit 1
        fi
        entra="${AZURE_AUTHORITY_HOST}${AZ_STUB_TENANT}/oauth2/v2.0"
        if [ ! -s "$AZ_STUB_DIR/cache.json" ] && [ -n "$AZ_STUB_PUBLIC_CLIENT_ID" ]; then
          # a signed-in user, as after `az login --use-device-code` (the emulator approves device codes)
          code=$(curl -sS --cacert "$SSL_CERT_FILE" -d client_id="$AZ_STUB_PUBLIC_CLIENT_ID" \
            -d scope=499b84ac-1321-427f-aa17-267ca6975798/.default "$entra/devicecode" | sed -n 's/.*"device_code":"\([^"]*\)".*/\1/p')
          answer=$(curl -sS --cacert "$SSL_CERT_FILE" -d grant_type=urn:ietf:params:oauth:grant-type:device_code \
            -d client_id="$AZ_STUB_PUBLIC_CLIENT_ID" -d device_code="$code" "$entra/token") || exit 1
        elif [ ! -s "$AZ_STUB_DIR/cache.json" ]; then
          answer=$(curl -sS --cacert "$SSL_CERT_FILE" -d grant_type=client_credentials -d client_id="$AZ_STUB_CLIENT_ID" \
            --data-urlencode client_secret="$AZ_STUB_CLIENT_SECRET" -d scope=499b84ac-1321-427f-aa17-267ca6975798/.default \
            "$entra/token") || exit 1
        fi
        if [ ! -s "$AZ_STUB_DIR/cache.json" ]; then
          token=$(printf '%s' "$answer" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
          [ -n "$token" ] || { echo "ERROR: $answer" >&2; exit 1; }
          expires=$(( $(date +%s) + 3000 ))
          printf '{"accessToken":"%s","expiresOn":"%s","expires_on":%s,"subscription":"s","tenant":"%s","tokenType":"Bearer"}\n' \
            "$token" "$(date -d @$expires '+%Y-%m-%d %H:%M:%S.000000')" "$expires" "$AZ_STUB_TENANT" > "$AZ_STUB_DIR/cache.json"
        fi
        cat "$AZ_STUB_DIR/cache.json"
        """;

    private GitSandbox Sandbox(out string stubDirectory)
    {
        var sandbox = WorkloadSandbox.Create(emulator, keyring.Store, "none");
        stubDirectory = Path.Combine(sandbox.Root, "az-bin");
        Directory.CreateDirectory(stubDirectory);
        var az = Path.Combine(stubDirectory, "az");
        File.WriteAllText(az, Stub.Replace("\r", "", StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(az, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        sandbox.Environment["PATH"] = stubDirectory + ":" + PublishedHelper.Directory + ":" + System.Environment.GetEnvironmentVariable("PATH");
        sandbox.Environment["AZ_STUB_DIR"] = stubDirectory;
        sandbox.Environment["AZ_STUB_CLIENT_ID"] = emulator["EMULATOR_SP_CLIENT_ID"];
        sandbox.Environment["AZ_STUB_CLIENT_SECRET"] = emulator["EMULATOR_SP_CLIENT_SECRET"];
        sandbox.Environment["AZ_STUB_TENANT"] = emulator.TenantId;
        return sandbox;
    }

    [OsFact(TestOs.Unix, "a fake az written as a shell script")]
    public void Clone_and_push_with_the_Azure_CLI_session_when_enabled()
    {
        using var sandbox = Sandbox(out var stub);
        sandbox.SetConfig("credential.entraAzureCli", "true");

        var pushed = WorkloadSandbox.CloneCommitPush(sandbox, emulator, "azure-cli");

        Assert.Equal(pushed, WorkloadSandbox.ServerBranch(emulator, "azure-cli"));
        var calls = File.ReadAllLines(Path.Combine(stub, "calls"));
        Assert.NotEmpty(calls);
        Assert.All(calls, c => Assert.Equal($"account get-access-token --resource 499b84ac-1321-427f-aa17-267ca6975798 --tenant {emulator.TenantId} -o json", c));
    }

    [OsFact(TestOs.Unix, "a fake az written as a shell script")]
    public void The_Azure_CLI_is_not_used_unless_enabled()
    {
        using var sandbox = Sandbox(out var stub);

        var clone = sandbox.Git("clone", emulator.RepositoryUrl(), "clone");

        Assert.NotEqual(0, clone.ExitCode);
        Assert.False(File.Exists(Path.Combine(stub, "calls")));
    }

    [OsFact(TestOs.Unix, "a fake az written as a shell script")]
    public void After_az_logout_git_is_refused_at_once_the_memory_cache_never_answers_for_the_CLI()
    {
        using var sandbox = Sandbox(out _);
        sandbox.SetConfig("credential.entraAzureCli", "true");
        sandbox.Git("clone", "-q", emulator.RepositoryUrl(), "job").EnsureSuccess();
        var work = Path.Combine(sandbox.WorkDirectory, "job");
        sandbox.Environment["GIT_ENTRA_TRACE"] = "1";
        var fetch = WorkloadSandbox.Git(sandbox, work, "fetch", "origin").EnsureSuccess();

        sandbox.Environment["AZ_STUB_LOGGED_OUT"] = "1"; // as after `az logout`; not a variable the helper reads
        var afterLogout = WorkloadSandbox.Git(sandbox, work, "fetch", "origin");

        Assert.Contains("memory-cache: not kept: azure-cli is asked on every get", fetch.StdErr, StringComparison.Ordinal);
        Assert.NotEqual(0, afterLogout.ExitCode);
        Assert.Contains("az login", afterLogout.StdErr, StringComparison.Ordinal);
    }

    [OsFact(TestOs.Unix, "a fake az written as a shell script")]
    public void A_signed_out_CLI_and_a_missing_CLI_are_one_line_each()
    {
        using var sandbox = Sandbox(out var stub);
        sandbox.SetConfig("credential.entraAzureCli", "true");
        sandbox.Environment["AZ_STUB_LOGGED_OUT"] = "1";

        var signedOut = sandbox.Git("clone", emulator.RepositoryUrl(), "clone1");
        File.Delete(Path.Combine(stub, "az"));
        var missing = sandbox.Git("clone", emulator.RepositoryUrl(), "clone2");

        Assert.NotEqual(0, signedOut.ExitCode);
        Assert.Contains($"run `az login --tenant {emulator.TenantId}`", Assert.Single(WorkloadSandbox.HelperLines(signedOut)));
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("Azure CLI (az) is not on PATH", Assert.Single(WorkloadSandbox.HelperLines(missing)));
    }

    [OsFact(TestOs.Unix, "a fake az written as a shell script")]
    public async Task A_user_Azure_DevOps_has_never_seen_is_TF401444_with_the_fix()
    {
        using var sandbox = Sandbox(out _);
        sandbox.SetConfig("credential.entraAzureCli", "true");
        sandbox.Environment["AZ_STUB_PUBLIC_CLIENT_ID"] = emulator.PublicClientId;
        await emulator.AdminAsync("/auto-approve?user=" + Uri.EscapeDataString(emulator["EMULATOR_NOACCESS_USER"]));
        try
        {
            var clone = sandbox.Git("clone", emulator.RepositoryUrl(), "clone");
            var diagnose = sandbox.Git("credential-entra", "diagnose", emulator.RepositoryUrl());

            Assert.NotEqual(0, clone.ExitCode);
            Assert.Contains("TF401444", clone.StdErr);
            Assert.Equal(1, diagnose.ExitCode);
            var fail = Assert.Single(diagnose.StdOutLines, l => l.StartsWith("FAIL", StringComparison.Ordinal));
            Assert.Contains("TF401444", fail);
            Assert.Contains("sign in to the organization once in a web browser", fail);
            Assert.Contains("ok    identity     azure-cli, because git config credential.entraAzureCli is true", diagnose.StdOut);
        }
        finally
        {
            await emulator.AdminAsync("/auto-approve?user=" + Uri.EscapeDataString(emulator.User));
        }
    }
}
