namespace GitEntraHelper.Setup.Migration;

/// <summary>
/// One <c>credential.helper</c> value and what it is: git's own <c>store</c> (with the files it reads) and
/// <c>cache</c>, the OS stores (<c>libsecret</c>, <c>osxkeychain</c>, <c>wincred</c>), GCM (<c>manager</c>,
/// <c>manager-core</c>, git-credential-manager), this helper, or another program. git turns a bare name
/// into <c>git credential-NAME</c>, runs an absolute path as it is and a value starting with '!' through
/// the shell (gitcredentials(7) "Custom helpers").
/// </summary>
/// <param name="Value">The value as configured.</param>
/// <param name="Origin">Where it is configured ("file:/home/me/.gitconfig"), for the report.</param>
public sealed record CredentialHelper(string Value, string Origin)
{
    /// <summary>store, cache, libsecret, osxkeychain, wincred, manager, entra (ours), or other.</summary>
    public string Kind
    {
        get
        {
            if (HelperValue.IsOurs(Value))
            {
                return "entra";
            }

            string program = Program;
            string name = program[(program.LastIndexOfAny(['/', '\\']) + 1)..];
            if (name.EndsWith(".exe", StringComparison.OrdinalIgnoreCase))
            {
                name = name[..^4];
            }

            if (name.StartsWith("git-credential-", StringComparison.Ordinal))
            {
                name = name["git-credential-".Length..];
            }

            return name switch
            {
                "store" or "cache" or "libsecret" or "osxkeychain" or "wincred" => name,
                "manager" or "manager-core" or "credential-manager" or "manager-core.exe" => "manager",
                "entra" => "entra",
                _ => "other",
            };
        }
    }

    /// <summary>A description for the report: "store (file:/home/me/.gitconfig)".</summary>
    public override string ToString() => $"{(Kind is "other" or "manager" ? Value : Kind)} ({Origin})";

    /// <summary>The program part of the value (before the first blank), shell values left whole.</summary>
    private string Program
    {
        get
        {
            string v = Value.Trim();
            if (v.StartsWith('!'))
            {
                return v;
            }

            // The shell splits the value: a blank escaped with '\\' or inside quotes is part of the program's path.
            var program = new System.Text.StringBuilder();
            char quote = '\0';
            for (int i = 0; i < v.Length; i++)
            {
                char c = v[i];
                if (quote != '\0')
                {
                    if (c == quote)
                        quote = '\0';
                    else
                        program.Append(c);
                }
                else if (c is '"' or '\'')
                    quote = c;
                else if (c == '\\' && i + 1 < v.Length)
                    program.Append(v[++i]);
                else if (c is ' ' or '\t')
                    break;
                else
                    program.Append(c);
            }

            return program.ToString();
        }
    }

    /// <summary>
    /// The files git-credential-store reads for this value: <c>--file PATH</c> when given, else
    /// ~/.git-credentials and $XDG_CONFIG_HOME/git/credentials (git-credential-store(1) "FILES").
    /// </summary>
    public IReadOnlyList<string> StoreFiles(string home, string? xdgConfigHome)
    {
        string[] words = Value.Trim().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        for (int i = 1; i < words.Length; i++)
        {
            if (words[i].StartsWith("--file=", StringComparison.Ordinal))
            {
                return [Expand(words[i]["--file=".Length..], home)];
            }

            if (words[i] == "--file" && i + 1 < words.Length)
            {
                return [Expand(words[i + 1], home)];
            }
        }

        return DefaultStoreFiles(home, xdgConfigHome);
    }

    public static IReadOnlyList<string> DefaultStoreFiles(string home, string? xdgConfigHome) =>
    [
        Path.Combine(home, ".git-credentials"),
        Path.Combine(string.IsNullOrEmpty(xdgConfigHome) ? Path.Combine(home, ".config") : xdgConfigHome, "git", "credentials"),
    ];

    private static string Expand(string path, string home) =>
        path.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(home, path[2..]) : path.Trim('"', '\'');
}
