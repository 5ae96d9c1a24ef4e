namespace GitEntraHelper.Diagnostics;

/// <summary>
/// A failure as a terminal can show it, in git's shape: one `git-credential-entra: …` line of at most
/// <see cref="Width"/> characters, then `hint: …` lines with the fix. A message longer than that keeps its
/// cause on the first line and moves what follows its last ": " or "; " that fits into the hints, so no
/// line wraps over several rows of a 100–160 column terminal and nothing (a trace id) is cut off.
/// </summary>
public static class FailureLines
{
    public const string Prefix = "git-credential-entra: ";
    public const string HintPrefix = "hint: ";

    /// <summary>The longest line we write on stderr for a failure.</summary>
    public const int Width = 160;

    public static IReadOnlyList<string> Render(string message, IReadOnlyList<string> hints)
    {
        string text = Redactor.Scrub(FirstLine(message));
        var lines = new List<string>();
        string rest = string.Empty;
        if (Prefix.Length + text.Length > Width && (SplitAt(text, Width - Prefix.Length) ?? SplitAt(text, Width - Prefix.Length, allowBlank: true)) is { } split)
        {
            rest = text[(split + 1)..].Trim();
            text = text[..(text[split] == ':' ? split + 1 : split)].TrimEnd();
        }

        lines.Add(Prefix + text);
        foreach (string hint in (rest.Length > 0 ? [rest] : Array.Empty<string>()).Concat(hints))
        {
            foreach (string part in Wrap(Redactor.Scrub(FirstLine(hint)), Width - HintPrefix.Length))
            {
                lines.Add(HintPrefix + part);
            }
        }

        return lines;
    }

    /// <summary>Writes <see cref="Render"/>'s lines and flushes.</summary>
    public static void Write(TextWriter error, string message, IReadOnlyList<string> hints)
    {
        foreach (string line in Render(message, hints))
        {
            error.WriteLine(line);
        }

        error.Flush();
    }

    /// <summary>Pieces of at most <paramref name="width"/> characters, cut after "; " ", " or " " outside `code`.</summary>
    internal static IEnumerable<string> Wrap(string text, int width)
    {
        while (text.Length > width && SplitAt(text, width, allowBlank: true) is { } at)
        {
            yield return text[..(text[at] == ' ' ? at : at + 1)].TrimEnd();
            text = text[(at + 1)..].TrimStart();
        }

        yield return text;
    }

    /// <summary>
    /// The index of the separator (':' or ';' followed by a blank; with <paramref name="allowBlank"/> also ',' or
    /// a blank) nearest to <paramref name="width"/> without passing it, never inside `code` or a URL; null when none.
    /// </summary>
    private static int? SplitAt(string text, int width, bool allowBlank = false)
    {
        int? best = null;
        int? blank = null;
        int? semicolon = null;
        bool inCode = false;
        for (int i = 0; i < text.Length - 1 && i < width; i++)
        {
            char c = text[i];
            if (c == '`')
            {
                inCode = !inCode;
                continue;
            }

            if (inCode)
            {
                continue;
            }

            if (allowBlank && c == ' ')
            {
                blank = i;
            }
            else if (text[i + 1] == ' ' && (c is ':' or ';' || (allowBlank && c == ',')))
            {
                best = i;
                semicolon = c == ';' ? i : semicolon;
            }
        }

        if (!allowBlank)
        {
            return semicolon ?? best; // "cause; fix" reads best cut at the clause, not at a "run:" inside the fix
        }

        // A cut far back on a long line leaves most of it on the next: prefer a blank in the last third.
        return best is { } b && (blank is null || b > width * 2 / 3) ? b : blank ?? best;
    }

    private static string FirstLine(string message)
    {
        int newline = message.AsSpan().IndexOfAny('\r', '\n');
        return newline < 0 ? message : message[..newline];
    }
}
