/// Which ranks of a contender's draws make its interval: the 5th and the 95th percentile by the
/// nearest-rank method, i.e. the ⌈0.05 × draws⌉-th and the ⌈0.95 × draws⌉-th smallest rank.
struct PercentileSelection: Sendable {
    /// The 5th percentile is the largest of this many smallest ranks.
    let lowCount: Int
    /// The 95th percentile is the smallest of this many largest ranks.
    let highCount: Int

    init(draws: Int) {
        lowCount = (5 * draws + 99) / 100
        highCount = draws - (95 * draws + 99) / 100 + 1
    }
}

/// Per contender, over the draws: its smallest and largest ranks, as many as a
/// ``PercentileSelection`` needs, in two bounded heaps (one flat allocation), so that a
/// contender's ranks need not all be kept (20,000 cadres × 10,000 draws).
///
/// `record` writes only the contender's own slots: threads may record different contenders at
/// once (hence `@unchecked Sendable`), never the same one.
final class RankExtremes: @unchecked Sendable {
    private let selection: PercentileSelection
    /// Per contender: a max-heap of the smallest ranks seen, then a max-heap of the negated largest
    /// ranks seen (the largest ranks are the smallest negated ones).
    private let heaps: UnsafeMutableBufferPointer<Int32>
    /// Per contender: the sizes of its two heaps.
    private let sizes: UnsafeMutableBufferPointer<Int32>

    init(contenders: Int, selection: PercentileSelection) {
        self.selection = selection
        heaps = .allocate(capacity: contenders * (selection.lowCount + selection.highCount))
        heaps.initialize(repeating: 0)
        sizes = .allocate(capacity: contenders * 2)
        sizes.initialize(repeating: 0)
    }

    deinit {
        heaps.deallocate()
        sizes.deallocate()
    }

    /// Counts one draw's rank of a contender. Once its heaps are full, most ranks are neither among
    /// the smallest nor the largest kept: that test is inlined, the heaps' work is not.
    @inline(__always)
    func record(rank: Int32, of contender: Int) {
        let low = heaps.baseAddress! + contender * (selection.lowCount + selection.highCount)
        let high = low + selection.lowCount
        if rank < low[0] || Int(sizes[2 * contender]) < selection.lowCount {
            Self.offer(rank, to: low, size: &sizes[2 * contender], capacity: selection.lowCount)
        }
        if -rank < high[0] || Int(sizes[2 * contender + 1]) < selection.highCount {
            Self.offer(-rank, to: high, size: &sizes[2 * contender + 1], capacity: selection.highCount)
        }
    }

    /// A contender's 5th and 95th percentile rank over the draws recorded (all of them: at least
    /// the selection's counts).
    func percentiles(of contender: Int) -> (low: Int, high: Int) {
        let low = heaps.baseAddress! + contender * (selection.lowCount + selection.highCount)
        precondition(Int(sizes[2 * contender]) == selection.lowCount && Int(sizes[2 * contender + 1]) == selection.highCount,
                     "every draw recorded")
        return (Int(low[0]), Int(-low[selection.lowCount]))
    }

    /// Keeps `value` in a max-heap of the `capacity` smallest values seen (the largest of them on top).
    @inline(never)
    private static func offer(_ value: Int32, to heap: UnsafeMutablePointer<Int32>, size: inout Int32, capacity: Int) {
        var position: Int
        if Int(size) < capacity {
            position = Int(size)
            size += 1
            while position > 0, heap[(position - 1) / 2] < value {
                heap[position] = heap[(position - 1) / 2]
                position = (position - 1) / 2
            }
            heap[position] = value
            return
        }
        guard value < heap[0] else { return }
        position = 0
        while true {
            var child = 2 * position + 1
            if child >= capacity { break }
            if child + 1 < capacity, heap[child + 1] > heap[child] { child += 1 }
            if heap[child] <= value { break }
            heap[position] = heap[child]
            position = child
        }
        heap[position] = value
    }
}
