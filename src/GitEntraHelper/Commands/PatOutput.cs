using System.Globalization;
using System.Text;
using GitEntraHelper.AzureDevOps.Pats;
using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Commands;

/// <summary>The PAT commands' report on stdout: one token a line, server text made one safe line, everything through the redactor.</summary>
internal sealed class PatOutput(Stream output)
{
    private readonly StringBuilder _text = new();

    public void Line(string line) => _text.Append(Redactor.Scrub(line)).Append('\n');

    /// <summary>"  ID  valid to DATE  NAME  scope: SCOPE  ← MARKS".</summary>
    public void Token(PersonalAccessToken token)
    {
        string scope = token.IsFullAccess ? "full access (all scopes)" : token.Scope;
        string marks = token.Marks.Length > 0 ? "  <- " + token.Marks : "";
        Line(string.Create(CultureInfo.InvariantCulture,
            $"  {token.AuthorizationId:D}  valid to {token.ValidTo.UtcDateTime:yyyy-MM-dd}  {Text(token.DisplayName)}  scope: {Text(scope)}{marks}"));
    }

    /// <summary>A server-provided name as one quoted line (control characters become spaces).</summary>
    public static string Text(string value)
    {
        var chars = value.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            if (char.IsControl(chars[i]))
            {
                chars[i] = ' ';
            }
        }

        string line = new string(chars).Trim();
        return "'" + (line.Length > 100 ? line[..100] + "…" : line) + "'";
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await output.WriteAsync(Encoding.UTF8.GetBytes(_text.ToString()), cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        _text.Clear();
    }
}
