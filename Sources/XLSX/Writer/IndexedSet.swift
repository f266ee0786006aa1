/// Distinct items in the order they were first added, with their positions: how the parts
/// number their fonts, fills, borders, cell formats and comment authors (the shared strings
/// have a leaner index of their own, ``SharedStringsTable``).
struct IndexedSet<Element: Hashable> {
    /// The items, each once, in order of first addition.
    private(set) var elements: [Element] = []
    private var positions: [Element: Int] = [:]

    /// A set holding the given distinct items.
    init(_ initial: [Element] = []) {
        for element in initial { _ = insert(element) }
    }

    /// The number of distinct items.
    var count: Int { elements.count }

    /// The position of an item, if it was added.
    func position(of element: Element) -> Int? { positions[element] }

    /// The position of an item, adding it at the end when new.
    @inline(__always)
    mutating func insert(_ element: Element) -> Int {
        if let known = positions[element] { return known }
        elements.append(element)
        positions[element] = elements.count - 1
        return elements.count - 1
    }
}
