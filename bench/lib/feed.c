/* feed FILE [NAME=VALUE...] -- COMMAND [ARG...]
 * Runs COMMAND with FILE as its standard input and NAME=VALUE added to its environment, by exec:
 * no shell and no fork, so `hyperfine -N` times the command itself and nothing needs subtracting
 * but this program's own start (measured on its own as a row of the report). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    int i = 2;
    if (argc < 4) {
        fputs("usage: feed FILE [NAME=VALUE...] -- COMMAND [ARG...]\n", stderr);
        return 2;
    }
    int fd = open(argv[1], O_RDONLY);
    if (fd < 0 || dup2(fd, 0) < 0) {
        perror(argv[1]);
        return 2;
    }
    close(fd);
    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (putenv(argv[i]) != 0) {
            perror("putenv");
            return 2;
        }
    }
    if (i + 1 >= argc) {
        fputs("feed: no command after --\n", stderr);
        return 2;
    }
    execvp(argv[i + 1], argv + i + 1);
    perror(argv[i + 1]);
    return 127;
}
