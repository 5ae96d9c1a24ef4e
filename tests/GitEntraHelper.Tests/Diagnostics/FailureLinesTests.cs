using GitEntraHelper.Diagnostics;

namespace GitEntraHelper.Tests.Diagnostics;

public sealed class FailureLinesTests
{
    [Fact]
    public void A_short_message_is_one_line_and_its_hints_follow()
    {
        var lines = FailureLines.Render("not signed in for 'contoso'", ["run the git command in a terminal"]);

        Assert.Equal(["git-credential-entra: not signed in for 'contoso'", "hint: run the git command in a terminal"], lines);
    }

    [Fact]
    public void A_long_message_keeps_its_cause_on_the_first_line_and_moves_the_rest_to_hints_without_losing_a_word()
    {
        string message = "Azure DevOps has not yet seen alice@contoso.example in organization contoso (TF401444): "
            + "sign in to the organization once in a web browser with this identity, then retry; if that does not help, ask an administrator "
            + "to add the account; Trace ID: 0f3c1a2b-1111-2222-3333-444455556666";

        var lines = FailureLines.Render(message, []);

        Assert.All(lines, l => Assert.InRange(l.Length, 1, FailureLines.Width));
        Assert.Equal("git-credential-entra: Azure DevOps has not yet seen alice@contoso.example in organization contoso (TF401444):", lines[0]);
        Assert.All(lines.Skip(1), l => Assert.StartsWith("hint: ", l, StringComparison.Ordinal));
        string joined = string.Join(' ', lines.Select(l => l[(l.IndexOf(": ", StringComparison.Ordinal) + 2)..]));
        Assert.Equal(Words(message), Words(joined));
    }

    [Fact]
    public void A_command_in_backticks_is_never_cut()
    {
        string command = "`git config --global credential.https://dev.azure.com.useHttpPath true`";
        string hint = string.Concat(Enumerable.Repeat("word ", 20)) + "then " + command + " and again";

        var lines = FailureLines.Render("m", [hint]);

        Assert.Contains(lines, l => l.Contains(command, StringComparison.Ordinal));
        Assert.True(lines.Count >= 3, string.Join('\n', lines));
        Assert.All(lines, l => Assert.InRange(l.Length, 1, FailureLines.Width));
    }

    [Fact]
    public void A_long_hint_without_separators_wraps_at_blanks()
    {
        string sentence = "User account 'wendy@woodgrove.example' from identity provider 'https://sts.windows.net/e6c5d709-f179-4b22-a053-db7014e14527/' "
            + "does not exist in tenant 'contoso.example' and cannot access the application in that tenant. The account needs to be added.";

        var lines = FailureLines.Render("m", [sentence]);

        Assert.True(lines.Count >= 3);
        Assert.All(lines, l => Assert.InRange(l.Length, 1, FailureLines.Width));
        Assert.Equal(sentence, string.Join(' ', lines.Skip(1).Select(l => l["hint: ".Length..])));
    }

    [Fact]
    public void Hints_are_scrubbed_and_one_line_each()
    {
        var lines = FailureLines.Render("m", ["token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2lnbmF0dXJl\nsecond line"]);

        Assert.Equal(2, lines.Count);
        Assert.DoesNotContain("eyJ", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("second line", lines[1], StringComparison.Ordinal);
    }

    private static string[] Words(string text) =>
        text.Split([' ', ';'], StringSplitOptions.RemoveEmptyEntries).Select(w => w.TrimEnd(':', ';')).Where(w => w.Length > 0).ToArray();
}
