using GitEntraHelper.Diagnostics;
using GitEntraHelper.Platform;

namespace GitEntraHelper.Setup.Migration;

/// <summary>
/// Asks one old helper through git itself — <c>git credential fill</c> / <c>reject</c> with only that helper
/// configured (<c>-c credential.helper=</c> empties git's list, gitcredentials(7)) — never by reading the
/// helper's own files. Nobody is ever asked: no terminal prompt, no askpass program, GCM's interaction off;
/// and no network (a proxy address nothing listens on), so a helper that would mint a new PAT when it has
/// none (GCM's default credential type) cannot reach Azure DevOps while we look.
/// </summary>
public sealed class GitCredentialQuery(GitProcess git)
{
    /// <summary>The loopback discard port: connections are refused at once, nothing leaves the machine.</summary>
    private const string NoNetworkProxy = "http://127.0.0.1:9";

    private static readonly Dictionary<string, string?> Quiet = new()
    {
        [Variables.GitTerminalPrompt] = "0",
        [Variables.GitAskPass] = null,
        [Variables.SshAskPass] = null,
        [Variables.GcmInteractive] = "never",
    };

    /// <summary>What <paramref name="helper"/> answers for the URL's parts, or null when it has nothing.</summary>
    public StoredCredential? Fill(CredentialHelper helper, string protocol, string host, string? path, string? organization)
    {
        string input = $"protocol={protocol}\nhost={host}\n" + (path is null ? "" : $"path={path}\n") + "\n";
        GitResult result = git.Run([.. Only(helper), "-c", "http.proxy=" + NoNetworkProxy, "credential", "fill"], input, Quiet);
        if (result.ExitCode != 0)
        {
            return null;
        }

        string? user = null, password = null, answeredPath = path;
        foreach (string line in result.Output.Split('\n'))
        {
            int equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            string key = line[..equals];
            string value = line[(equals + 1)..];
            switch (key)
            {
                case "username":
                    user = value;
                    break;
                case "password":
                    password = value;
                    break;
                case "path":
                    answeredPath = value;
                    break;
            }
        }

        return password is { Length: > 0 }
            ? new StoredCredential(helper, helper.ToString(), protocol, host, answeredPath, user, new Secret(password), organization)
            : null;
    }

    /// <summary>Removes the credential from the helper that holds it (its erase); the helper keeps everything else.</summary>
    public void Reject(StoredCredential credential)
    {
        GitResult result = git.Run([.. Only(credential.Helper), "credential", "reject"], credential.ProtocolInput(), Quiet);
        if (result.ExitCode != 0)
        {
            throw new HelperException($"git credential reject through {credential.Helper.Value} failed for {credential.Host}: {Redactor.Scrub(result.FirstErrorLine)}");
        }
    }

    /// <summary>git's helper list emptied, then only <paramref name="helper"/>; the path kept as given, nobody asked.</summary>
    private static string[] Only(CredentialHelper helper) =>
    [
        "-c", "credential.helper=",
        "-c", "credential.helper=" + helper.Value,
        "-c", "credential.useHttpPath=true",
        "-c", "credential.interactive=never",
        "-c", "core.askPass=",
    ];
}
