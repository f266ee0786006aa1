import Dispatch

/// Maps a collection on every core (submissions are independent; a district has thousands).
package enum ParallelMap {
    package static func map<Input: Sendable, Output: Sendable>(_ items: [Input], _ transform: @Sendable (Input) -> Output) -> [Output] {
        if items.count < 2 { return items.map(transform) }
        let results = UnsafeMutableBufferPointer<Output?>.allocate(capacity: items.count)
        results.initialize(repeating: nil)
        defer {
            // The slots hold references (a submission's rows): release them, not only the memory.
            results.deinitialize()
            results.deallocate()
        }
        let slots = SendableBuffer(buffer: results)
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            slots.buffer[index] = transform(items[index])
        }
        return results.map { $0! }
    }

    /// Each index is written by exactly one iteration, so sharing the buffer is safe.
    private struct SendableBuffer<Element>: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<Element>
    }
}
