/*
 * git.exe for the Windows build under Wine (eng/test-windows.sh): a Winelib program that runs the
 * Linux git with the caller's arguments, standard handles, working directory and environment, and
 * exits with git's exit code.
 *
 * Why: Wine starts a Linux ELF from CreateProcess but gives the caller no process handle, so .NET's
 * Process.Start (what the helper's `git config` uses) cannot wait for it or read its exit code.
 * A Winelib program is a Windows process for the caller and a Linux process for libc, so it can
 * posix_spawn the real git and wait. Built with winegcc (wine64-tools); the script places its
 * placeholder git.exe on the Windows PATH and git.exe.so on WINEDLLPATH.
 *
 * Paths: an environment value that is a whole absolute Windows path (C:\x or C:/x: GIT_CONFIG_GLOBAL,
 * HOME...) is given to git as the Unix path Wine maps it to, as Git for Windows would read it; Wine
 * translates nothing for a Linux program itself. An argument is translated only in the form .NET's
 * Path gives on Windows (C:\x: `git init C:\...\repo`, `-C C:\...`); one with forward slashes is data
 * and passes unchanged (the helper path configure writes into git config, C:/x, must stay as
 * written). Nothing git prints is translated back.
 * Environment: the Windows environment block is passed on, except PATH, which becomes
 * GCE_UNIX_PATH (default /usr/local/bin:/usr/bin:/bin), and HOME, which Wine keeps only as
 * WINEHOMEDIR (an NT path) and which is turned back into the Unix HOME wine was started with.
 * GCE_UNIX_GIT names the git to run (default /usr/bin/git).
 */
#define _GNU_SOURCE /* posix_spawn_file_actions_addchdir_np */
#include <windows.h>
#include <shellapi.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Exported by Wine's ntdll and kernel32; Wine installs no header for them. */
extern NTSTATUS CDECL wine_server_handle_to_fd(HANDLE handle, unsigned int access, int *unix_fd, unsigned int *options);
extern char *CDECL wine_get_unix_file_name(const WCHAR *dos_path);

static char *utf8(const WCHAR *text)
{
    int size = WideCharToMultiByte(CP_UTF8, 0, text, -1, NULL, 0, NULL, NULL);
    char *result = malloc(size > 0 ? size : 1);
    if (!result) { fputs("git-standin: out of memory\n", stderr); ExitProcess(125); }
    if (size <= 0) { result[0] = 0; return result; }
    WideCharToMultiByte(CP_UTF8, 0, text, -1, result, size, NULL, NULL);
    return result;
}

/* A variable of the Windows environment block (libc's environ is Wine's own, not the caller's). */
static char *windows_getenv(const char *name)
{
    DWORD size = GetEnvironmentVariableA(name, NULL, 0);
    char *value = size ? malloc(size) : NULL;
    if (value && GetEnvironmentVariableA(name, value, size) != size - 1) { free(value); value = NULL; }
    return value;
}

/* WINEHOMEDIR is "\\??\\Z:\\home\\user": the Unix HOME wine started with, as an NT path. */
static char *unix_home(void)
{
    WCHAR nt[MAX_PATH];
    DWORD n = GetEnvironmentVariableW((const WCHAR[]){'W','I','N','E','H','O','M','E','D','I','R',0}, nt, MAX_PATH);
    if (n < 5 || n >= MAX_PATH) return NULL;
    return wine_get_unix_file_name(nt[0] == '\\' && nt[1] == '?' && nt[2] == '?' && nt[3] == '\\' ? nt + 4 : nt);
}

/* "C:\x" or "C:/x" -> the Unix path Wine maps it to; anything else unchanged. */
static char *unix_if_windows_path(const WCHAR *value)
{
    char *unix_path;
    if (((value[0] | 0x20) >= 'a' && (value[0] | 0x20) <= 'z') && value[1] == ':' && (value[2] == '\\' || value[2] == '/')
        && (unix_path = wine_get_unix_file_name(value)))
        return unix_path;
    return utf8(value);
}

/* An argument "C:\x" -> its Unix path; anything else (C:/x included) unchanged. */
static char *unix_if_backslash_windows_path(const WCHAR *argument)
{
    return argument[0] && argument[1] == ':' && argument[2] == '\\' ? unix_if_windows_path(argument) : utf8(argument);
}

static int is_path(const WCHAR *entry) /* "PATH=" in any case (Windows names are case-insensitive) */
{
    return (entry[0] | 0x20) == 'p' && (entry[1] | 0x20) == 'a' && (entry[2] | 0x20) == 't' && (entry[3] | 0x20) == 'h' && entry[4] == '=';
}

/*
 * One standard stream. A file or console handle has a Unix descriptor git can use directly; a pipe
 * (what .NET's Process.Start gives) lives inside wineserver and has none, so it is relayed through
 * a Unix pipe by a thread: ReadFile -> write for stdin, read -> WriteFile for stdout and stderr.
 */
struct stream { HANDLE handle; int unix_fd; int child_fd; int input; HANDLE relay; };

static DWORD WINAPI relay(void *arg)
{
    struct stream *s = arg;
    char buffer[65536];
    DWORD moved;
    ssize_t n;
    if (s->input)
    {
        while (ReadFile(s->handle, buffer, sizeof buffer, &moved, NULL) && moved > 0)
            for (char *p = buffer; moved > 0; p += n, moved -= n)
                if ((n = write(s->unix_fd, p, moved)) < 0) { if (errno == EINTR) { n = 0; continue; } goto done; }
    }
    else
    {
        while ((n = read(s->unix_fd, buffer, sizeof buffer)) != 0)
        {
            if (n < 0) { if (errno == EINTR) continue; break; }
            for (char *p = buffer; n > 0; p += moved, n -= moved)
                if (!WriteFile(s->handle, p, (DWORD)n, &moved, NULL)) goto done;
        }
    }
done:
    close(s->unix_fd);
    return 0;
}

static void open_stream(struct stream *s, DWORD which, int input)
{
    int ends[2];
    s->handle = GetStdHandle(which);
    s->input = input;
    s->relay = NULL;
    if (s->handle == NULL || s->handle == INVALID_HANDLE_VALUE)
    {
        s->child_fd = open("/dev/null", input ? O_RDONLY : O_WRONLY);
        return;
    }
    if (wine_server_handle_to_fd(s->handle, input ? GENERIC_READ : GENERIC_WRITE, &s->child_fd, NULL) == 0)
        return;
    if (pipe2(ends, O_CLOEXEC) != 0) { s->child_fd = open("/dev/null", input ? O_RDONLY : O_WRONLY); return; }
    s->child_fd = input ? ends[0] : ends[1];
    s->unix_fd = input ? ends[1] : ends[0];
    s->relay = (HANDLE)1; /* started after the spawn, once the child holds its end */
}

int main(void)
{
    int argc = 0, i, status = 0, count = 0;
    WCHAR **wargv = CommandLineToArgvW(GetCommandLineW(), &argc);
    const char *git = windows_getenv("GCE_UNIX_GIT");
    const char *unix_path = windows_getenv("GCE_UNIX_PATH");
    char **argv, **envp, *cwd, *home;
    WCHAR *block, *entry, here[MAX_PATH];
    posix_spawn_file_actions_t actions;
    pid_t pid;
    struct stream streams[3];

    if (!wargv) { fputs("git-standin: cannot read the command line\n", stderr); return 125; }
    if (!git || !*git) git = "/usr/bin/git";
    if (!unix_path || !*unix_path) unix_path = "/usr/local/bin:/usr/bin:/bin";

    argv = calloc(argc + 1, sizeof(char *));
    argv[0] = (char *)git;
    for (i = 1; i < argc; i++) argv[i] = unix_if_backslash_windows_path(wargv[i]);

    /* The Windows environment, minus the "=C:=C:\..." drive entries, with a Unix PATH. */
    block = GetEnvironmentStringsW();
    for (entry = block; *entry; entry += lstrlenW(entry) + 1) count++;
    envp = calloc(count + 3, sizeof(char *));
    count = 0;
    for (entry = block; *entry; entry += lstrlenW(entry) + 1)
    {
        if (entry[0] == '=' || is_path(entry)) continue;
        WCHAR *equals = entry;
        while (*equals && *equals != '=') equals++;
        if (*equals)
        {
            /* NAME=VALUE with VALUE translated when it is a Windows path. */
            char *name, *value = unix_if_windows_path(equals + 1);
            *equals = 0;
            name = utf8(entry);
            *equals = '=';
            envp[count] = malloc(strlen(name) + strlen(value) + 2);
            sprintf(envp[count++], "%s=%s", name, value);
        }
    }
    envp[count] = malloc(strlen(unix_path) + 6);
    sprintf(envp[count++], "PATH=%s", unix_path);
    if (!GetEnvironmentVariableA("HOME", NULL, 0) && (home = unix_home()))
    {
        envp[count] = malloc(strlen(home) + 6);
        sprintf(envp[count++], "HOME=%s", home);
    }

    open_stream(&streams[0], STD_INPUT_HANDLE, 1);
    open_stream(&streams[1], STD_OUTPUT_HANDLE, 0);
    open_stream(&streams[2], STD_ERROR_HANDLE, 0);
    posix_spawn_file_actions_init(&actions);
    for (i = 0; i < 3; i++)
        if (streams[i].child_fd >= 0) posix_spawn_file_actions_adddup2(&actions, streams[i].child_fd, i);
    if (GetCurrentDirectoryW(MAX_PATH, here) && (cwd = wine_get_unix_file_name(here)))
        posix_spawn_file_actions_addchdir_np(&actions, cwd);

    if ((errno = posix_spawn(&pid, git, &actions, NULL, argv, envp)) != 0)
    {
        fprintf(stderr, "git-standin: cannot start %s: %s\n", git, strerror(errno));
        return 127;
    }
    for (i = 0; i < 3; i++)
    {
        if (!streams[i].relay) continue;
        close(streams[i].child_fd); /* only git holds its end now, so EOF comes when git exits */
        streams[i].relay = CreateThread(NULL, 0, relay, &streams[i], 0, NULL);
    }
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    /* Everything git wrote is passed on before we exit; a stdin relay may still wait for input. */
    for (i = 1; i < 3; i++)
        if (streams[i].relay) WaitForSingleObject(streams[i].relay, INFINITE);
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 125;
}
