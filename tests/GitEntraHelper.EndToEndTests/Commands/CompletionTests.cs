using GitEntraHelper.EndToEndTests.Infrastructure;

namespace GitEntraHelper.EndToEndTests.Commands;

/// <summary>
/// The bash completion the packages install (`help --completion bash`), loaded the way a user's shell
/// loads it: bash-completion's loader, git's own completion, which calls `_completion_loader
/// git-credential-entra` and then `_git_credential_entra` for `git credential-entra …`.
/// </summary>
public sealed class CompletionTests
{
    private const string Complete = """
        . /usr/share/bash-completion/bash_completion
        _completion_loader git
        complete_line() {
          local line="$1"
          COMP_LINE="$line"; COMP_POINT=${#line}
          read -ra COMP_WORDS <<<"$line"
          [[ "$line" == *" " ]] && COMP_WORDS+=("")
          COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
          COMPREPLY=()
          if [[ "${COMP_WORDS[0]}" == git ]]; then __git_wrap__git_main; else _git_credential_entra_direct; fi
          echo "$line=>$(printf '%s ' "${COMPREPLY[@]}" | tr -s ' ')"
        }
        complete_line "git credential-entra lo"
        complete_line "git credential-entra account "
        complete_line "git credential-entra token --f"
        complete_line "git-credential-entra sta"
        """;

    [OsFact(TestOs.Linux, "Debian's bash-completion and git's bash completion")]
    public void Git_completion_completes_commands_sub_commands_and_options()
    {
        Assert.True(File.Exists("/usr/share/bash-completion/bash_completion"), "bash-completion is not installed (eng/install-test-deps.sh installs it)");
        using var sandbox = new GitSandbox();
        sandbox.UseHelper();
        string completions = Path.Combine(sandbox.DataHome, "bash-completion", "completions");
        Directory.CreateDirectory(completions);
        var script = sandbox.Helper(null, "help", "--completion", "bash").EnsureSuccess();
        File.WriteAllText(Path.Combine(completions, "git-credential-entra"), script.StdOut);

        var result = sandbox.Run("bash", Complete).EnsureSuccess();

        Assert.Contains("git credential-entra lo=>login logout ", result.StdOutLines);
        Assert.Contains("git credential-entra account =>list bind unbind ", result.StdOutLines);
        Assert.Contains("git credential-entra token --f=>--format ", result.StdOutLines);
        Assert.Contains("git-credential-entra sta=>status ", result.StdOutLines);
    }
}
