# Sourced by eng/test-windows.sh: a private Wine prefix that can run the Windows build of the helper.
#   wine_prefix_init DIR      wineboot a new prefix, report Windows 10 (.NET 10 needs it)
#   wine_standin_build OUT    winegcc tests/Wine/git-standin.c: OUT/so/git.exe.so, OUT/bin/git.exe
#   wine_trust_ca PEM         the test CA in CurrentUser\Root (Wine's TLS ignores SSL_CERT_FILE)
#   win PROGRAM.exe ARG...    runs a Windows program in the prefix, bounded by WIN_TIMEOUT seconds
#   winpath UNIX-PATH         the Windows form (Z:\...) of a Unix path
# Needs: wine (the loader), WINEPREFIX exported by the caller.

wine_loader=/usr/lib/wine/wine64
export WINEDEBUG=-all

win() {
  timeout -k 5 "${WIN_TIMEOUT:-60}" "$wine_loader" "$@"
}

winpath() {
  # Wine maps / to drive Z: in every prefix (dosdevices/z: -> /).
  local p
  p="$(realpath -m "$1")"
  echo "Z:${p//\//\\}"
}

wine_prefix_init() {
  mkdir -p "$1"
  # No Wine Mono / Gecko download prompts. Only here: with mscoree disabled later, Wine's loader
  # could not map the .NET assemblies (it hands IL images to mscoree).
  WINEDLLOVERRIDES="mscoree,mshtml=" WIN_TIMEOUT=240 win wineboot --init >/dev/null 2>&1 || return 1
  # .NET 10 refuses Wine's default "Windows 7" (System.Runtime fails to load): report Windows 10.
  win reg add 'HKCU\Software\Wine' /v Version /d win10 /f >/dev/null 2>&1 || return 1
}

wine_standin_build() {
  local out=$1 source
  source="$(dirname "${BASH_SOURCE[0]}")/git-standin.c"
  mkdir -p "$out/so" "$out/bin"
  # git.exe.so is the program (found through WINEDLLPATH); bin/git.exe the placeholder PE that
  # CreateProcess finds on the Windows PATH and Wine redirects to the .so.
  (cd "$out/so" && /usr/lib/wine/winegcc -O2 -Wall -Werror -o git.exe "$source" -lshell32) || return 1
  (cd "$out/bin" && /usr/lib/wine/winegcc -O2 -o git.exe "$source" -lshell32 -Wb,--fake-module) || return 1
  rm -f "$out/so/git.exe" "$out/bin/git.exe.so"
}

# Wine's crypt32 reads CurrentUser\Root from the registry: one key per certificate (its SHA-1
# thumbprint) whose "Blob" is the serialized certificate: property 32 (CERT_CERT_PROP_ID), one
# reserved DWORD 1, the DER length, the DER bytes. Written with regedit, as an X509Store.Add would.
wine_trust_ca() {
  local pem=$1 thumb der_hex len reg
  thumb="$(openssl x509 -in "$pem" -noout -fingerprint -sha1 | sed 's/.*=//; s/://g')" || return 1
  der_hex="$(openssl x509 -in "$pem" -outform DER | od -An -v -tx1 | tr -s ' \n' ' ' | sed 's/^ //; s/ $//; s/ /,/g')"
  len="$(openssl x509 -in "$pem" -outform DER | wc -c)"
  reg="$(mktemp --suffix=.reg)"
  printf 'REGEDIT4\n\n[HKEY_CURRENT_USER\\Software\\Microsoft\\SystemCertificates\\Root\\Certificates\\%s]\n"Blob"=hex:20,00,00,00,01,00,00,00,%02x,%02x,%02x,%02x,%s\n' \
    "$thumb" $((len & 255)) $(((len >> 8) & 255)) $(((len >> 16) & 255)) $(((len >> 24) & 255)) "$der_hex" >"$reg"
  win regedit /S "$(winpath "$reg")" >/dev/null 2>&1
  local rc=$?
  rm -f "$reg"
  return $rc
}
