# Sourced by eng/test-windows.sh: the MSI, built here from installer/windows/Package.wxs and proven
# under Wine. WiX v4 builds MSIs with Windows APIs only, so msitools' wixl builds the twin that
# installer/windows/wixl/*.xsl derive from Package.wxs (tests/GitEntraHelper.Tests/Deployment/
# WixlTwinTests.cs keeps them in step). The payload is the Windows build under test: the JIT publish
# folder (native AOT cannot cross-compile to Windows), so the twin carries its whole folder.
# Checks: msiinfo (tables, custom actions and their place in the sequence, the Environment row),
# then msiexec /i /qn under Wine (files, system PATH, `git-credential-entra --version` from PATH, the
# system git config), msiexec /x /qn (files, PATH and the system git config as before).

msi_build() { # msi_build PUBLISH_DIR OUT.msi VERSION
  local publish=$1 msi=$2 version=$3 wixl_dir="$repo/installer/windows/wixl" build="$work/msi-build"
  mkdir -p "$build"
  xsltproc "$wixl_dir/twin.xsl" "$repo/installer/windows/Package.wxs" >"$build/twin.wxs" || return 1
  xsltproc "$wixl_dir/environment.xsl" "$repo/installer/windows/Package.wxs" >"$build/Environment.idt" || return 1
  # Every published file except the executable (Package.wxs names it) and the debug symbols.
  (cd "$publish" && find . -type f ! -name git-credential-entra.exe ! -name '*.pdb' | sed 's|^\./||' | sort) \
    | sed "s|^|$publish/|" \
    | wixl-heat -p "$publish/" --component-group PublishedFiles --var var.PublishDir --directory-ref INSTALLFOLDER --win64 \
      >"$build/files.wxs" || return 1
  # wixl resolves sources relative to its working directory.
  (cd "$publish" && wixl -a x64 -D Win64=yes -D ProductVersion="$version" -D PublishDir=./ \
    -o "$msi" "$build/twin.wxs" "$build/files.wxs") >"$build/wixl.log" 2>&1 || { cat "$build/wixl.log"; return 1; }
  # The Environment table wixl cannot write, and the standard actions that apply it.
  (cd "$build" && msibuild "$msi" -i Environment.idt \
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
  local files; files="$(msiinfo export "$msi" File | tail -n +4 | wc -l)"
  pass "msiinfo: tables, custom actions (configure/unconfigure --system, deferred as LocalSystem, after InstallFiles / before RemoveFiles), the system PATH row, $files files"
}

path_entries() { tr ';' '\n' <<<"$1" | grep -v '^$'; }
machine_path() { win reg query 'HKLM\System\CurrentControlSet\Control\Session Manager\Environment' /v PATH 2>/dev/null | tr -d '\r' | sed -n 's/.*REG_[A-Z_]*SZ *//p'; }

msi_install_uninstall() { # msi_install_uninstall OUT.msi PUBLISH_DIR VERSION
  local msi=$1 publish=$2 version=$3
  local dir="$WINEPREFIX/drive_c/Program Files/git-credential-entra" system="$work/msi-system.gitconfig"
  local install_dir='C:\Program Files\git-credential-entra\'
  printf '[core]\n\tautocrlf = input\n' >"$system"
  local config_before path_before; config_before="$(cat "$system")" path_before="$(machine_path)"
  # The custom actions' git (the stand-in, then the Linux git) writes this file as the system config.
  export GIT_CONFIG_SYSTEM="$system" GIT_CONFIG_NOSYSTEM=0
  WIN_TIMEOUT=300 win msiexec /i "$(winpath "$msi")" /qn /l*v "$(winpath "$work/msi-install.log")" >/dev/null 2>&1
  local rc=$?
  if ((rc != 0)); then fail "msiexec /i /qn" "exit $rc"; unset GIT_CONFIG_SYSTEM GIT_CONFIG_NOSYSTEM; return; fi
  local expected_files installed_files
  expected_files="$(cd "$publish" && find . -type f ! -name '*.pdb' | wc -l)"
  installed_files="$(find "$dir" -type f 2>/dev/null | wc -l)"
  ((installed_files == expected_files)) || { fail "msiexec /i /qn" "$installed_files files in Program Files, expected $expected_files"; unset GIT_CONFIG_SYSTEM GIT_CONFIG_NOSYSTEM; return; }
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
  # Compared entry by entry: Wine's msi leaves the separator it appended ("…;") behind.
  [[ "$(path_entries "$(machine_path)")" == "$(path_entries "$path_before")" ]] || problems+=("PATH is '$(machine_path)'")
  [[ "$(cat "$system")" == "$config_before" ]] || problems+=("system git config: $(diff <(echo "$config_before") "$system" | tr '\n' ' ')")
  if ((${#problems[@]})); then fail "msiexec /x /qn" "${problems[*]}"; return; fi
  pass "msiexec /x /qn under Wine: Program Files folder gone, the system PATH's entries and the system git config exactly as before the install"
}
