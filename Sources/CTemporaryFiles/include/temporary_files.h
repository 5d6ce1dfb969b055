#ifndef SPARSELAW_TEMPORARY_FILES_H
#define SPARSELAW_TEMPORARY_FILES_H

/// Paths of named temporary files, kept where a signal handler can remove them.
///
/// A handler may only do async-signal-safe work: no allocation, no locks, no Swift runtime. So
/// the paths live in a fixed table of C strings, and the handler walks it calling unlink(2),
/// then restores the default action and raises the signal again, so that the process ends as
/// the signal meant (and its parent sees that).

/// Slots in the table: more than any run writes at once.
#define SPARSELAW_TEMPORARY_SLOTS 64
/// The longest path kept, with its terminating NUL.
#define SPARSELAW_TEMPORARY_PATH_MAX 4096

/// Records `path`; returns its slot, or -1 when the table is full or the path too long.
/// Called from one thread at a time.
int sparselaw_temporary_register(const char *path);

/// Forgets the path in `slot` (the file was renamed into place or removed).
void sparselaw_temporary_unregister(int slot);

/// Installs the handler for SIGINT, SIGTERM, SIGHUP and SIGPIPE (a signal ignored at start
/// stays ignored), and ignores SIGXFSZ so that a write past the file-size limit fails with EFBIG
/// and is reported. Returns 0, or -1 when sigaction fails.
int sparselaw_temporary_install_handlers(void);

/// 1 when `path` is in the table, else 0 (for tests).
int sparselaw_temporary_contains(const char *path);

#endif
