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

    /// A contender's 5th and 95th percentile rank over the draws that `parts` saw between them.
    func percentiles(of contender: Int, in parts: [RankExtremes]) -> (low: Int, high: Int) {
        let smallest = parts.flatMap { $0.smallest(of: contender) }.sorted()
        let largest = parts.flatMap { $0.largest(of: contender) }.sorted(by: >)
        return (Int(smallest[lowCount - 1]), Int(largest[highCount - 1]))
    }
}

/// Per contender, over some draws: its smallest and largest ranks, as many as a
/// ``PercentileSelection`` needs, in two bounded heaps (flat arrays allocated once), so that a
/// contender's ranks need not all be kept (5,000 towns × 10,000 draws).
struct RankExtremes: Sendable {
    private let lowCapacity: Int
    private let highCapacity: Int
    /// Per contender, a max-heap of the smallest ranks seen.
    private var low: [Int32]
    /// Per contender, a min-heap of the largest ranks seen.
    private var high: [Int32]
    private var lowSizes: [Int32]
    private var highSizes: [Int32]

    init(contenders: Int, selection: PercentileSelection, draws: Int) {
        lowCapacity = Swift.min(selection.lowCount, draws)
        highCapacity = Swift.min(selection.highCount, draws)
        low = [Int32](repeating: 0, count: contenders * lowCapacity)
        high = [Int32](repeating: 0, count: contenders * highCapacity)
        lowSizes = [Int32](repeating: 0, count: contenders)
        highSizes = [Int32](repeating: 0, count: contenders)
    }

    /// Counts one draw's rank of a contender.
    mutating func record(rank: Int32, of contender: Int) {
        let lowCapacity = lowCapacity, highCapacity = highCapacity
        var lowSize = lowSizes[contender], highSize = highSizes[contender]
        low.withUnsafeMutableBufferPointer { heaps in
            Self.offer(rank, to: heaps.baseAddress! + contender * lowCapacity, size: &lowSize, capacity: lowCapacity)
        }
        // The largest ranks are the smallest negated ranks.
        high.withUnsafeMutableBufferPointer { heaps in
            Self.offer(-rank, to: heaps.baseAddress! + contender * highCapacity, size: &highSize, capacity: highCapacity)
        }
        lowSizes[contender] = lowSize
        highSizes[contender] = highSize
    }

    /// The smallest ranks kept for a contender (in no order).
    func smallest(of contender: Int) -> ArraySlice<Int32> {
        low[(contender * lowCapacity)..<(contender * lowCapacity + Int(lowSizes[contender]))]
    }

    /// The largest ranks kept for a contender (in no order).
    func largest(of contender: Int) -> [Int32] {
        high[(contender * highCapacity)..<(contender * highCapacity + Int(highSizes[contender]))].map { -$0 }
    }

    /// Keeps `value` in a max-heap of the `capacity` smallest values seen (the largest of them on top).
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
        guard capacity > 0, value < heap[0] else { return }
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
