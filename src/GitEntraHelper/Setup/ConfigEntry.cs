namespace GitEntraHelper.Setup;

/// <summary>
/// One line of a git config file as <c>git config --null --show-origin --list</c> reports it, in file
/// order: the file it is in, its section (lower case), subsection (as written, e.g. a URL), variable
/// name (lower case) and value.
/// </summary>
public sealed record ConfigEntry(string File, string Section, string? Subsection, string Name, string Value)
{
    /// <summary>The variable as git config takes it on the command line: section.subsection.name.</summary>
    public string Key => Subsection is null ? $"{Section}.{Name}" : $"{Section}.{Subsection}.{Name}";

    /// <summary>True for credential.&lt;subsection&gt;.&lt;name&gt; (name compared case-insensitively).</summary>
    public bool Is(string subsection, string name) =>
        Section == "credential" && Subsection == subsection && string.Equals(Name, name, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Parses "file:PATH\0section.sub.name\nvalue\0" records. A variable without '=' in the file (boolean
    /// true) has no "\nvalue" part. Subsections may contain dots (URLs), so the name is after the last dot.
    /// </summary>
    public static IReadOnlyList<ConfigEntry> ParseList(string output)
    {
        var entries = new List<ConfigEntry>();
        string[] fields = output.Split('\0');
        for (int i = 0; i + 1 < fields.Length; i += 2)
        {
            string origin = fields[i];
            string record = fields[i + 1];
            string file = origin.StartsWith("file:", StringComparison.Ordinal) ? origin["file:".Length..] : origin;
            int newline = record.IndexOf('\n', StringComparison.Ordinal);
            string key = newline < 0 ? record : record[..newline];
            string value = newline < 0 ? "true" : record[(newline + 1)..];
            int firstDot = key.IndexOf('.', StringComparison.Ordinal);
            int lastDot = key.LastIndexOf('.');
            if (firstDot <= 0 || lastDot == key.Length - 1)
            {
                continue;
            }

            string section = key[..firstDot].ToLowerInvariant();
            string? subsection = lastDot > firstDot ? key[(firstDot + 1)..lastDot] : null;
            string name = key[(lastDot + 1)..].ToLowerInvariant();
            entries.Add(new ConfigEntry(file, section, subsection, name, value));
        }

        return entries;
    }
}
