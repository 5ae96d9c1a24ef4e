# Sourced by eng/test-windows.sh: the MSI, built here from installer/windows/Package.wxs and proven
# under Wine. WiX v4 builds MSIs with Windows APIs only, so msitools' wixl builds the twin that
# installer/windows/wixl/*.xsl derive from Package.wxs (tests/GitEntraHelper.Tests/Deployment/
# WixlTwinTests.cs keeps them in step). The payload is the Windows build under test: the JIT publish
# folder (native AOT cannot cross-compile to Windows), so the twin carries its whole folder.
# The help files (installer/help-files.sh) are written by the Linux build of the helper: the Windows
# build cannot run natively here, and the help model reads nothing of the OS, so both write the same
# text; msi_help_files checks that against the Windows build under Wine, whose only difference is
# .NET's Windows line ending (CRLF), which the MSI built on Windows ships.
# Checks: msiinfo (tables, custom actions and their place in the sequence, the Environment row, the
# help components, the Git for Windows search), then msiexec /i /qn under Wine with a stand-in Git
# for Windows registered in HKLM (files, system PATH, `git-credential-entra --version` from PATH,
# the system git config, the help under Program Files and in Git's html path), msiexec /x /qn
# (files, help, PATH and the system git config as before).

# Uses eng/test-windows.sh's $repo, $work and $linux_front (the native Linux build it publishes).
msi_help="$work/msi-help"

msi_help_files() { # msi_help_files LINUX_HELPER WINDOWS_HELPER.exe DIR: help-files.sh, compared with the Windows build
  local linux=$1 windows=$2 dir=$3 option
  [[ -x "$linux" ]] || { echo "msi: no Linux build of the helper at $linux to write the help files"; return 1; }
  "$repo/installer/help-files.sh" "$linux" "$dir" || return 1
  for option in --html --man "--completion powershell"; do
    # shellcheck disable=SC2086 # the option's words
    cmp -s <("$linux" help $option) <(WIN_TIMEOUT=60 win "$windows" help $option 2>/dev/null | tr -d '\r') \
      || { echo "msi: 'help $option' of the Windows build under Wine differs from the Linux build's (beyond CRLF)"; return 1; }
  done
}

msi_build() { # msi_build PUBLISH_DIR OUT.msi VERSION
  local publish=$1 msi=$2 version=$3 wixl_dir="$repo/installer/windows/wixl" build="$work/msi-build" help="$msi_help"
  mkdir -p "$build"
  msi_help_files "$linux_front" "$publish/git-credential-entra.exe" "$help" || return 1
  xsltproc "$wixl_dir/twin.xsl" "$repo/installer/windows/Package.wxs" >"$build/twin.wxs" || return 1
  xsltproc "$wixl_dir/environment.xsl" "$repo/installer/windows/Package.wxs" >"$build/Environment.idt" || return 1
  xsltproc "$wixl_dir/conditions.xsl" "$repo/installer/windows/Package.wxs" >"$build/conditions.sql" || return 1
  local conditions=() query
  while IFS= read -r query; do conditions+=(-q "$query"); done <"$build/conditions.sql"
  # Every published file except the executable (Package.wxs names it) and the debug symbols.
  (cd "$publish" && find . -type f ! -name git-credential-entra.exe ! -name '*.pdb' | sed 's|^\./||' | sort) \
    | sed "s|^|$publish/|" \
    | wixl-heat -p "$publish/" --component-group PublishedFiles --var var.PublishDir --directory-ref INSTALLFOLDER --win64 \
      >"$build/files.wxs" || return 1
  # wixl resolves sources relative to its working directory (and takes no absolute one).
  (cd "$publish" && wixl -a x64 -D Win64=yes -D ProductVersion="$version" -D PublishDir=./ -D HelpDir="$(realpath --relative-to=. "$help")/" -D GitMingwFolder=mingw64 \
    -o "$msi" "$build/twin.wxs" "$build/files.wxs") >"$build/wixl.log" 2>&1 || { cat "$build/wixl.log"; return 1; }
  # The Environment table and the component conditions wixl cannot write, and the standard actions
  # that apply the environment.
  (cd "$build" && msibuild "$msi" -i Environment.idt "${conditions[@]}" \
    -q "INSERT INTO InstallExecuteSequence (Action, Sequence) VALUES ('RemoveEnvironmentStrings', 3300)" \
    -q "INSERT INTO InstallExecuteSequence (Action, Sequence) VALUES ('WriteEnvironmentStrings', 5200)") || return 1
}

msi_sequence_of() { msiinfo export "$1" InstallExecuteSequence | tr -d '\r' | awk -F'\t' -v a="$2" '$1 == a { print $3 }'; }

msi_inspect() { # msi_inspect OUT.msi: what a reviewer would check with msiinfo
  local msi=$1 tables actions configure unconfigure
  tables="$(msiinfo tables "$msi" | tr '\n' ' ')"
  for t in File Component Directory Feature CustomAction InstallExecuteSequence Environment Upgrade; do
    [[ " $tables " == *" $t "* ]] || { fail "MSI tables" "no $t table (has: $tables)"; return 1; }
  done
  actions="$(msiinfo export "$msi" CustomAction | tr -d '\r')"
  # 3154 = 18 (run an installed file) + 64 (ignore its exit code) + 1024 (deferred) + 2048 (as LocalSystem).
  grep -qP '^ConfigureGit\t3154\tHelperExe\tconfigure --system \[CONFIGUREARGS\]' <<<"$actions" \
    && grep -qP '^UnconfigureGit\t3154\tHelperExe\tunconfigure --system' <<<"$actions" \
    || { fail "MSI custom actions" "$(tr '\n\t' '; ' <<<"$actions")"; return 1; }
  configure="$(msi_sequence_of "$msi" ConfigureGit)" unconfigure="$(msi_sequence_of "$msi" UnconfigureGit)"
  ((configure > $(msi_sequence_of "$msi" InstallFiles) && configure < $(msi_sequence_of "$msi" InstallFinalize))) \
    && ((unconfigure > $(msi_sequence_of "$msi" InstallInitialize) && unconfigure < $(msi_sequence_of "$msi" RemoveFiles))) \
    || { fail "MSI sequence" "ConfigureGit at $configure, UnconfigureGit at $unconfigure"; return 1; }
  msiinfo export "$msi" Environment | tr -d '\r' | grep -qP '^SystemPath\t=-\*PATH\t\[~\];\[INSTALLFOLDER\]\tHelperExecutable$' \
    || { fail "MSI Environment" "no system PATH row appended at install, removed at uninstall"; return 1; }
  # The help: three components under INSTALLFOLDER, one in Git for Windows' html path on its search.
  local components; components="$(msiinfo export "$msi" Component | tr -d '\r' | awk -F'\t' 'NR > 3 { print $1 "\t" $3 "\t" $5 }')"
  local component
  for component in $'HelpHtml\tHelpDocFolder\t' $'HelpMan\tHelpMan1Folder\t' $'HelpPowerShell\tHelpPowerShellFolder\t' \
    $'HelpHtmlForGit\tGitHtmlFolder\tGITFORWINDOWS'; do
    grep -qxF "$component" <<<"$components" || { fail "MSI help components" "no '${component//$'\t'/ }' (has: $(grep '^Help' <<<"$components" | tr '\n\t' '; '))"; return 1; }
  done
  # 16 = the 64-bit view + msidbLocatorTypeDirectory (0): set only when the folder exists.
  msiinfo export "$msi" AppSearch | tr -d '\r' | grep -qP '^GITFORWINDOWS\tGitForWindowsInstallPath$' \
    && msiinfo export "$msi" RegLocator | tr -d '\r' | grep -qP '^GitForWindowsInstallPath\t2\tSOFTWARE\\GitForWindows\tInstallPath\t16$' \
    && msiinfo export "$msi" CustomAction | tr -d '\r' | grep -qP '^SetGitForWindowsFolder\t\d+\tGitForWindowsFolder\t\[GITFORWINDOWS\]' \
    || { fail "MSI Git for Windows search" "no HKLM\\SOFTWARE\\GitForWindows InstallPath search setting GitForWindowsFolder"; return 1; }
  local set_folder; set_folder="$(msi_sequence_of "$msi" SetGitForWindowsFolder)"
  ((set_folder > $(msi_sequence_of "$msi" AppSearch) && set_folder < $(msi_sequence_of "$msi" CostFinalize))) \
    || { fail "MSI sequence" "SetGitForWindowsFolder at $set_folder, not between AppSearch and CostFinalize"; return 1; }
  local files; files="$(msiinfo export "$msi" File | tail -n +4 | wc -l)"
  pass "msiinfo: tables, custom actions (configure/unconfigure --system, deferred as LocalSystem, after InstallFiles / before RemoveFiles), the system PATH row, the help components (HTML, man page, PowerShell completion; the HTML page in Git for Windows' html path on the HKLM\\SOFTWARE\\GitForWindows search), $files files"
}

path_entries() { tr ';' '\n' <<<"$1" | grep -v '^$'; }
machine_path() { win reg query 'HKLM\System\CurrentControlSet\Control\Session Manager\Environment' /v PATH 2>/dev/null | tr -d '\r' | sed -n 's/.*REG_[A-Z_]*SZ *//p'; }

# The help files the MSI installs: source under HELP_DIR, then where under INSTALLFOLDER.
msi_help_files_installed=(
  "html/git-credential-entra.html doc/git-credential-entra.html"
  "man/man1/git-credential-entra.1 man/man1/git-credential-entra.1"
  "completions/powershell/git-credential-entra.ps1 completions/powershell/git-credential-entra.ps1"
)

# A stand-in Git for Windows: its html path with one page of its own, registered as its installer
# does (HKLM\SOFTWARE\GitForWindows, InstallPath; 64-bit view). Not in Program Files\Git, so the
# page can only land there through the search.
git_for_windows_key='HKLM\SOFTWARE\GitForWindows'
msi_fake_git_for_windows() { # msi_fake_git_for_windows UNIX_DIR
  mkdir -p "$1/mingw64/share/doc/git-doc" && echo '<html>git</html>' >"$1/mingw64/share/doc/git-doc/git.html" || return 1
  win reg add "$git_for_windows_key" /v InstallPath /d "$(winpath "$1")" /reg:64 /f >/dev/null 2>&1
}

# Without Git for Windows (its key deleted): the help under Program Files, and no Program Files\Git
# made from the directory's fallback name; removal leaves nothing. Run after the full round, whose
# PATH checks need the first install in the prefix (Wine's msi leaves a ";" behind on removal).
msi_without_git_for_windows() { # msi_without_git_for_windows OUT.msi
  local msi=$1 files="$WINEPREFIX/drive_c/Program Files" pair source target problems=()
  win reg delete "$git_for_windows_key" /reg:64 /f >/dev/null 2>&1
  win reg query "$git_for_windows_key" /reg:64 >/dev/null 2>&1 && { fail "MSI without Git for Windows" "$git_for_windows_key is still there"; return 1; }
  # Even with CONFIGUREGIT=0 removal runs unconfigure: against a throwaway system config.
  printf '' >"$work/msi-nogit-system.gitconfig"
  GIT_CONFIG_SYSTEM="$work/msi-nogit-system.gitconfig" GIT_CONFIG_NOSYSTEM=0 WIN_TIMEOUT=300 \
    win msiexec /i "$(winpath "$msi")" /qn CONFIGUREGIT=0 /l*v "$(winpath "$work/msi-nogit-install.log")" >/dev/null 2>&1 \
    || { fail "msiexec /i /qn without Git for Windows" "exit $?"; return 1; }
  for pair in "${msi_help_files_installed[@]}"; do
    read -r source target <<<"$pair"
    cmp -s "$msi_help/$source" "$files/git-credential-entra/$target" || problems+=("no generated $target")
  done
  [[ -e "$files/Git" ]] && problems+=("it made $(find "$files/Git" | tail -n 1)")
  GIT_CONFIG_SYSTEM="$work/msi-nogit-system.gitconfig" GIT_CONFIG_NOSYSTEM=0 WIN_TIMEOUT=300 \
    win msiexec /x "$(winpath "$msi")" /qn /l*v "$(winpath "$work/msi-nogit-uninstall.log")" >/dev/null 2>&1 || problems+=("msiexec /x exit $?")
  [[ -e "$files/git-credential-entra" ]] && problems+=("removal left $files/git-credential-entra")
  if ((${#problems[@]})); then fail "MSI without Git for Windows" "${problems[*]}"; return 1; fi
  pass "msiexec /i and /x /qn under Wine without Git for Windows: the help under Program Files only (no Program Files\\Git), nothing left after removal"
}

msi_install_uninstall() { # msi_install_uninstall OUT.msi PUBLISH_DIR VERSION
  local msi=$1 publish=$2 version=$3 help="$msi_help"
  local dir="$WINEPREFIX/drive_c/Program Files/git-credential-entra" system="$work/msi-system.gitconfig"
  local install_dir='C:\Program Files\git-credential-entra\'
  local git_doc="$WINEPREFIX/drive_c/Tools/Git for Windows/mingw64/share/doc/git-doc"
  msi_fake_git_for_windows "$WINEPREFIX/drive_c/Tools/Git for Windows" || { fail "stand-in Git for Windows" "could not register it in $git_for_windows_key"; return; }
  printf '[core]\n\tautocrlf = input\n' >"$system"
  local config_before path_before; config_before="$(cat "$system")" path_before="$(machine_path)"
  # The custom actions' git (the stand-in, then the Linux git) writes this file as the system config.
  export GIT_CONFIG_SYSTEM="$system" GIT_CONFIG_NOSYSTEM=0
  WIN_TIMEOUT=300 win msiexec /i "$(winpath "$msi")" /qn /l*v "$(winpath "$work/msi-install.log")" >/dev/null 2>&1
  local rc=$?
  if ((rc != 0)); then fail "msiexec /i /qn" "exit $rc"; unset GIT_CONFIG_SYSTEM GIT_CONFIG_NOSYSTEM; return; fi
  local expected_files installed_files
  expected_files=$(($(cd "$publish" && find . -type f ! -name '*.pdb' | wc -l) + ${#msi_help_files_installed[@]}))
  installed_files="$(find "$dir" -type f 2>/dev/null | wc -l)"
  ((installed_files == expected_files)) || { fail "msiexec /i /qn" "$installed_files files in Program Files, expected $expected_files"; unset GIT_CONFIG_SYSTEM GIT_CONFIG_NOSYSTEM; return; }
  local pair source target help_problems=()
  for pair in "${msi_help_files_installed[@]}"; do
    read -r source target <<<"$pair"
    cmp -s "$help/$source" "$dir/$target" || help_problems+=("$target is not the generated $source")
  done
  cmp -s "$help/html/git-credential-entra.html" "$git_doc/git-credential-entra.html" \
    || help_problems+=("no generated git-credential-entra.html in Git for Windows' html path ($(ls "$git_doc" | tr '\n' ' '))")
  if ((${#help_problems[@]})); then fail "MSI help" "${help_problems[*]}"; else
    pass "msiexec /i /qn under Wine: the generated HTML page, man page and PowerShell completion under Program Files, byte for byte, and the HTML page in the registered Git for Windows' mingw64\\share\\doc\\git-doc"
  fi
  [[ "$(machine_path)" == "$path_before;$install_dir" ]] \
    || { fail "MSI system PATH" "PATH is '$(machine_path)'"; }
  local shown; shown="$(WIN_TIMEOUT=60 win cmd /c git-credential-entra --version 2>/dev/null | tr -d '\r')"
  [[ "$shown" == "git-credential-entra $version" ]] || fail "MSI: --version from PATH" "printed '$shown'"
  local helper_value="!'C:/Program Files/git-credential-entra/git-credential-entra.exe'"
  local expected="$config_before
[credential \"https://dev.azure.com\"]
	helper = 
	helper = $helper_value
	useHttpPath = true
[credential \"https://*.visualstudio.com\"]
	helper = 
	helper = $helper_value"
  [[ "$(cat "$system")" == "$expected" ]] \
    || fail "MSI: system git config" "after install: $(diff <(echo "$expected") "$system" | tr '\n' ' ')"
  pass "msiexec /i /qn under Wine: $installed_files files in Program Files, '$install_dir' appended to the system PATH, --version from PATH, configure --system wrote the helper"

  WIN_TIMEOUT=300 win msiexec /x "$(winpath "$msi")" /qn /l*v "$(winpath "$work/msi-uninstall.log")" >/dev/null 2>&1
  rc=$?
  unset GIT_CONFIG_SYSTEM GIT_CONFIG_NOSYSTEM
  ((rc == 0)) || { fail "msiexec /x /qn" "exit $rc"; return; }
  local left=() problems=()
  [[ -e "$dir" ]] && mapfile -t left < <(find "$dir" | head -n 3)
  ((${#left[@]} == 0)) || problems+=("left behind: ${left[*]}")
  [[ -e "$git_doc/git-credential-entra.html" ]] && problems+=("the HTML page is still in Git for Windows' html path")
  [[ -f "$git_doc/git.html" ]] || problems+=("Git for Windows' own page went too")
  # Compared entry by entry: Wine's msi leaves the separator it appended ("…;") behind.
  [[ "$(path_entries "$(machine_path)")" == "$(path_entries "$path_before")" ]] || problems+=("PATH is '$(machine_path)'")
  [[ "$(cat "$system")" == "$config_before" ]] || problems+=("system git config: $(diff <(echo "$config_before") "$system" | tr '\n' ' ')")
  if ((${#problems[@]})); then fail "msiexec /x /qn" "${problems[*]}"; return; fi
  pass "msiexec /x /qn under Wine: Program Files folder gone, the HTML page out of Git for Windows' html path (its own page kept), the system PATH's entries and the system git config exactly as before the install"
  msi_without_git_for_windows "$msi"
}
