import Dispatch

/// Runs blocking work (reading and validating workbooks, writing outputs) off the event loop,
/// at most `width` at a time; the rest wait their turn in order.
final class BlockingWork: Sendable {
    private let gate: Gate
    private let queue: DispatchQueue

    init(width: Int, label: String) {
        gate = Gate(capacity: max(1, width))
        queue = DispatchQueue(label: label, attributes: .concurrent)
    }

    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        await gate.enter()
        let result: Result<T, Error> = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: Result { try work() }) }
        }
        await gate.leave()
        return try result.get()
    }
}

/// An asynchronous counting semaphore: `enter` waits for a place, or `tryEnter` says there is none.
actor Gate {
    private let capacity: Int
    private var inside = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(capacity: Int) {
        self.capacity = capacity
    }

    func enter() async {
        if inside < capacity {
            inside += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Takes a place when one is free; false when all are taken.
    func tryEnter() -> Bool {
        guard inside < capacity else { return false }
        inside += 1
        return true
    }

    func leave() {
        if waiting.isEmpty {
            inside -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
