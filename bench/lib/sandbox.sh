# Sourced by session.sh: request files and sandboxes (a HOME of their own each: git config, XDG
# cache/state dirs, ~/.git-credentials). Needs the emulator.env variables and BENCH_* exported.

# Sandbox layout (all exported for the measurement scripts).
export BENCH_REQ="$BENCH_WORK/req" BENCH_SB="$BENCH_WORK/sb"
export BENCH_REPO_URL="$EMULATOR_DEVOPS_URL/contoso/demo/_git/demo"

# How a sandbox opts in to the plain-text token cache and to device-code sign-in, and how the
# sandboxes that measure the token cache itself (sign-in, refresh, single flight, the secret store)
# turn the memory cache off: rm -rf of a HOME cannot empty the kernel keyring, and an edited MSAL
# cache cannot tell it that a token expired.
plaintext_config=$'[credential]\n\tentraCacheProtection = plaintext'
no_memory_cache_config=$'[credential]\n\tentraMemoryCache = false'
signin_config=$'[credential]\n\tmsauthFlow = devicecode\n\tinteractive = always'

make_requests() {
    mkdir -p "$BENCH_REQ"
    local authority=${EMULATOR_DEVOPS_URL#https://}
    # What git 2.39 sends for the emulator's repository (useHttpPath on, as for dev.azure.com).
    printf 'protocol=https\nhost=%s\npath=contoso/demo/_git/demo\n\n' "$authority" >"$BENCH_REQ/ado.txt"
    # A host nobody here handles: every helper should fall through at once.
    printf 'protocol=https\nhost=example.com\npath=team/project.git\n\n' >"$BENCH_REQ/other.txt"
    # A host with a credential in ~/.git-credentials, for git credential-store (the floor).
    printf 'protocol=https\nhost=git.example.com\n\n' >"$BENCH_REQ/store.txt"
}

# make_sandbox NAME: keyring (the default encrypted cache), static (no helper), undeclared (the helper
# for every host, as a dev.azure.com user has it: no host declared as Azure DevOps), or plain-text;
# secret-service and plaintext-file are keyring and plain-text without the memory cache, as are
# refresh, cold and concurrent.
make_sandbox() {
    local name=$1 home="$BENCH_SB/$1"
    mkdir -p -m 700 "$home"
    {
        printf '[http]\n\tsslCAInfo = %s\n' "$EMULATOR_CA_FILE"
        if [[ $name != undeclared ]]; then
            printf '[credential "%s"]\n\tprovider = azure-devops\n\tuseHttpPath = true\n' "$EMULATOR_DEVOPS_URL"
        fi
        if [[ $name != static ]]; then
            printf '[credential]\n\thelper =\n\thelper = %s\n' "$BENCH_BIN"
            printf '%s\n' "$signin_config"
        fi
        case $name in keyring | static | undeclared | secret-service) ;; *) printf '%s\n' "$plaintext_config" ;; esac
        case $name in secret-service | plaintext-file | refresh | cold | concurrent) printf '%s\n' "$no_memory_cache_config" ;; esac
    } >"$home/.gitconfig"
    printf 'https://bench:not-a-secret@git.example.com\n' >"$home/.git-credentials"
    chmod 600 "$home/.git-credentials"
}

# sign_in NAME: one get that signs in (device code, auto-approved by the emulator) and caches.
sign_in() {
    local home="$BENCH_SB/$1"
    if ! HOME="$home" "$BENCH_BIN" get <"$BENCH_REQ/ado.txt" >"$home/signin.out" 2>"$home/signin.err" \
        || ! grep -q '^password=' "$home/signin.out"; then
        cat "$home/signin.err" >&2
        die "sign-in in sandbox $1 gave no token"
    fi
}

# static_bearer_from NAME: the static sandbox sends NAME's token itself (http.extraHeader), never
# asking a helper; kept in its 0600 git config so the token is on no command line.
static_bearer_from() {
    local token
    token=$(sed -n 's/^password=//p' "$BENCH_SB/$1/signin.out")
    printf '[http]\n\textraHeader = Authorization: Bearer %s\n' "$token" >>"$BENCH_SB/static/.gitconfig"
    chmod 600 "$BENCH_SB/static/.gitconfig"
}
