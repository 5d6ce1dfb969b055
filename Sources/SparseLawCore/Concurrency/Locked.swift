#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value shared by concurrent workers (bootstrap replicates, plan replicates), guarded by a
/// POSIX mutex.
///
/// Synchronization's `Mutex` guards as well, but its lock lives in the standard library, which
/// ThreadSanitizer does not instrument: it cannot see the lock, and reports the guarded accesses
/// of two workers as a race whenever they overlap. `pthread_mutex_lock` is intercepted by the
/// sanitizer, so the suite's ThreadSanitizer run checks the synchronization that is really there.
package final class Locked<Value>: @unchecked Sendable {
    // Heap-allocated: a pthread mutex must not move once initialized.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    package init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` on the value with the lock held.
    package func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
