namespace GitEntraHelper.Settings.GitConfig;

/// <summary>
/// Reads the <c>credential.*</c> keys that apply to one remote URL, with git's own URL matching and
/// precedence (<c>credential.&lt;url&gt;.key</c> over <c>credential.key</c>), command-line <c>-c</c>,
/// includes and includeIf. Keys come back lower-cased ("credential.msauthflow").
/// </summary>
public interface IGitConfigReader
{
    IReadOnlyDictionary<string, string> ReadCredentialSection(string url);
}
