#include "temporary_files.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

static char paths[SPARSELAW_TEMPORARY_SLOTS][SPARSELAW_TEMPORARY_PATH_MAX];
/// Nonzero when the slot holds a path: set after the path is written, cleared before the slot
/// is reused, so the handler never reads a half-written path.
static volatile sig_atomic_t used[SPARSELAW_TEMPORARY_SLOTS];

int sparselaw_temporary_register(const char *path) {
    size_t length = strlen(path);
    if (length + 1 > SPARSELAW_TEMPORARY_PATH_MAX) return -1;
    for (int slot = 0; slot < SPARSELAW_TEMPORARY_SLOTS; slot++) {
        if (used[slot]) continue;
        memcpy(paths[slot], path, length + 1);
        used[slot] = 1;
        return slot;
    }
    return -1;
}

void sparselaw_temporary_unregister(int slot) {
    if (slot >= 0 && slot < SPARSELAW_TEMPORARY_SLOTS) used[slot] = 0;
}

int sparselaw_temporary_contains(const char *path) {
    for (int slot = 0; slot < SPARSELAW_TEMPORARY_SLOTS; slot++) {
        if (used[slot] && strcmp(paths[slot], path) == 0) return 1;
    }
    return 0;
}

static void remove_and_reraise(int signal_number) {
    for (int slot = 0; slot < SPARSELAW_TEMPORARY_SLOTS; slot++) {
        if (used[slot]) unlink(paths[slot]);
    }
    // The action was reset on entry (SA_RESETHAND); the signal stays blocked until the handler
    // returns, and is then delivered with its default action.
    raise(signal_number);
}

int sparselaw_temporary_install_handlers(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = remove_and_reraise;
    action.sa_flags = SA_RESETHAND;
    sigemptyset(&action.sa_mask);
    // A write past the file-size limit (ulimit -f) fails with EFBIG and is reported, rather
    // than killing the process with SIGXFSZ.
    signal(SIGXFSZ, SIG_IGN);
    const int signals[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
    // A mask is inherited across exec: a parent that spawned us from a thread blocking these
    // signals would otherwise leave the run impossible to interrupt.
    sigset_t unblocked;
    sigemptyset(&unblocked);
    for (unsigned index = 0; index < sizeof signals / sizeof signals[0]; index++) sigaddset(&unblocked, signals[index]);
    if (sigprocmask(SIG_UNBLOCK, &unblocked, NULL) != 0) return -1;
    for (unsigned index = 0; index < sizeof signals / sizeof signals[0]; index++) {
        // A signal ignored when the process started (nohup, a shell's background job) stays ignored.
        struct sigaction previous;
        if (sigaction(signals[index], NULL, &previous) != 0) return -1;
        if (previous.sa_handler == SIG_IGN) continue;
        if (sigaction(signals[index], &action, NULL) != 0) return -1;
    }
    return 0;
}
