import Foundation

/// The ranking itself, shared by the real ranking and every robustness draw: totals in cents
/// (rounded to 2 decimals), highest first; equal totals ordered by the tie-breakers' classes; equal
/// on both share a rank and the next rank is skipped (RANK.EQ). The buffers are allocated once, so
/// ranking again (a draw) allocates nothing.
///
/// The contenders are kept sorted by tie class then input order; each ranking is a stable LSD radix
/// sort of that order by total, so the result is ordered by total, then tie class, then input order,
/// in O(n) per ranking. The digits are as wide as the number of contenders makes worth it (6 to 14
/// bits), and there are as few passes as the totals' spread allows: one for 20,000 cadres' totals
/// within 163.83 points.
struct RankingPass {
    /// Per contender: 0 for the most preferred by the tie-breakers; equal on every tie-breaker, equal class.
    let tieClasses: [Int32]
    /// The contenders by tie class, then input order.
    private let baseOrder: [Int32]
    /// After ``rank(cents:)``: the contenders in rank order (input order within a rank).
    private(set) var order: [Int32]
    /// After ``rank(cents:)``: per contender, 1 + the number ahead of it.
    private(set) var ranks: [Int32]
    private var scratch: [Int32]
    private var counts: [Int32]

    private static let widestDigit = 14

    init(tieClasses: [Int32]) {
        self.tieClasses = tieClasses
        baseOrder = tieClasses.indices.sorted { (tieClasses[$0], $0) < (tieClasses[$1], $1) }.map(Int32.init)
        order = baseOrder
        ranks = [Int32](repeating: 0, count: tieClasses.count)
        scratch = order
        counts = [Int32](repeating: 0, count: 1 << Self.widestDigit)
    }

    /// Ranks contenders by their totals in cents (`cents[i]` for contender `i`).
    mutating func rank(cents: UnsafeBufferPointer<Int64>) {
        let count = tieClasses.count
        precondition(cents.count == count, "one total per contender")
        guard count > 0 else { return }
        var highest = cents[0], lowest = cents[0]
        for value in cents {
            highest = Swift.max(highest, value)
            lowest = Swift.min(lowest, value)
        }
        let spreadBits = UInt64.bitWidth - UInt64(bitPattern: highest &- lowest).leadingZeroBitCount
        let widest = Swift.min(Self.widestDigit, Swift.max(6, Int.bitWidth - count.leadingZeroBitCount + 1))
        let passes = (spreadBits + widest - 1) / widest
        let digitBits = passes == 0 ? 0 : (spreadBits + passes - 1) / passes
        order.withUnsafeMutableBufferPointer { order in
            scratch.withUnsafeMutableBufferPointer { scratch in
                counts.withUnsafeMutableBufferPointer { counts in
                    baseOrder.withUnsafeBufferPointer { base in
                        _ = order.update(fromContentsOf: base)
                    }
                    var source = order, target = scratch
                    let digitCounts = UnsafeMutableBufferPointer(rebasing: counts[..<(1 << digitBits)])
                    for pass in 0..<passes {
                        Self.radixPass(cents: cents, highest: highest, shift: pass * digitBits, from: source, to: target, counts: digitCounts)
                        swap(&source, &target)
                    }
                    if source.baseAddress != order.baseAddress { _ = order.update(fromContentsOf: source) }
                }
            }
            ranks.withUnsafeMutableBufferPointer { ranks in
                tieClasses.withUnsafeBufferPointer { classes in
                    var previous = Int(order[0])
                    ranks[previous] = 1
                    for position in 1..<count {
                        let index = Int(order[position])
                        let level = cents[index] == cents[previous] && classes[index] == classes[previous]
                        ranks[index] = level ? ranks[previous] : Int32(position + 1)
                        previous = index
                    }
                }
            }
        }
    }

    /// One stable counting-sort pass on the digit at `shift` of `highest − total` (so the highest total first).
    private static func radixPass(cents: UnsafeBufferPointer<Int64>, highest: Int64, shift: Int, from source: UnsafeMutableBufferPointer<Int32>,
                                  to target: UnsafeMutableBufferPointer<Int32>, counts: UnsafeMutableBufferPointer<Int32>) {
        let mask = UInt64(counts.count - 1)
        counts.update(repeating: 0)
        for index in source { counts[Int((UInt64(bitPattern: highest &- cents[Int(index)]) >> UInt64(shift)) & mask)] += 1 }
        var start: Int32 = 0
        for digit in counts.indices {
            let size = counts[digit]
            counts[digit] = start
            start += size
        }
        for index in source {
            let digit = Int((UInt64(bitPattern: highest &- cents[Int(index)]) >> UInt64(shift)) & mask)
            target[Int(counts[digit])] = index
            counts[digit] += 1
        }
    }
}

extension Decimal {
    /// A total rounded to 2 decimals as whole cents (`85.5` → 8550).
    var cents: Int64 {
        NSDecimalNumber(decimal: (self * 100).rounded(places: 0)).int64Value
    }
}
