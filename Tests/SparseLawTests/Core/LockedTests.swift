import Dispatch
import Foundation
import Testing
@testable import SparseLawCore

@Suite("Core: Locked, a value shared by concurrent workers")
struct LockedTests {
    private struct Refusal: Error, Equatable { let reason: String }

    @Test("withLock returns the closure's value and keeps what it changed")
    func returnsClosureValue() {
        let locked = Locked([1, 2, 3])
        let sum = locked.withLock { $0.reduce(0, +) }
        #expect(sum == 6)
        let removed = locked.withLock { $0.removeLast() }
        #expect(removed == 3)
        #expect(locked.withLock { $0 } == [1, 2])
        let text: String = locked.withLock { values in values.append(9); return values.map(String.init).joined(separator: ",") }
        #expect(text == "1,2,9")
    }

    @Test("an error thrown in withLock reaches the caller with its type, keeps the changes made before it, and releases the lock",
          .timeLimit(.minutes(1)))
    func throwingBody() {
        let locked = Locked(0)
        #expect(throws: Refusal(reason: "full")) {
            try locked.withLock { (value: inout Int) throws(Refusal) in
                value = 5
                throw Refusal(reason: "full")
            }
        }
        // Were the lock still held, this would never return.
        #expect(locked.withLock { $0 } == 5)
    }

    @Test("many concurrent increments from concurrentPerform give the exact count")
    func concurrentPerformIncrements() {
        let locked = Locked(0)
        let workers = 16, increments = 10_000
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            for _ in 0..<increments { locked.withLock { $0 += 1 } }
        }
        #expect(locked.withLock { $0 } == workers * increments)
    }

    @Test("threads that each add their own numbers leave every number exactly once")
    func threadsAppend() {
        let locked = Locked<[Int]>([])
        let threads = 8, each = 2_000
        let group = DispatchGroup()
        for thread in 0..<threads {
            group.enter()
            Thread.detachNewThread {
                for i in 0..<each { locked.withLock { $0.append(thread * each + i) } }
                group.leave()
            }
        }
        group.wait()
        #expect(locked.withLock { $0.sorted() } == Array(0..<threads * each))
    }
}
