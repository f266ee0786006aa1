/// A small element held in memory with its subtree: what the rewriter captures when a part
/// needs an element looked at as a whole (a comment's text, a cell format, a fill) and what
/// it writes back, changed or not.
final class XMLNode {
    /// An attribute with its prefix (nil when unprefixed).
    struct Attribute {
        var prefix: String?
        var localName: String
        var value: String

        var qualifiedName: String { prefix.map { $0 + ":" + localName } ?? localName }
    }

    /// A child: an element or text.
    enum Child {
        case element(XMLNode)
        case text(String)
    }

    var prefix: String?
    var localName: String
    /// The namespace URI, nil for none.
    var namespace: String?
    /// The namespace declarations written on this element (prefix nil: the default namespace).
    var declarations: [(prefix: String?, uri: String)]
    var attributes: [Attribute]
    var children: [Child] = []

    init(prefix: String?, localName: String, namespace: String?,
         declarations: [(prefix: String?, uri: String)] = [], attributes: [Attribute] = []) {
        self.prefix = prefix
        self.localName = localName
        self.namespace = namespace
        self.declarations = declarations
        self.attributes = attributes
    }

    /// Copies a start tag as SAX2 reports it.
    convenience init(_ tag: XMLStartTag) {
        var declarations: [(prefix: String?, uri: String)] = []
        for index in 0..<tag.declarations.count {
            let declaration = tag.declarations.declaration(index)
            declarations.append((declaration.prefix.map { String(cString: $0) }, declaration.uri.map { String(cString: $0) } ?? ""))
        }
        self.init(prefix: tag.prefix.map { String(cString: $0) }, localName: tag.name,
                  namespace: tag.namespace.map { String(cString: $0) }, declarations: declarations,
                  attributes: tag.attributes.owned())
    }

    /// A new element in a namespace written with `prefix`, with unprefixed attributes.
    convenience init(_ localName: String, prefix: String?, namespace: String?,
                     attributes: KeyValuePairs<String, String> = [:], children: [XMLNode] = []) {
        self.init(prefix: prefix, localName: localName, namespace: namespace,
                  attributes: attributes.map { Attribute(prefix: nil, localName: $0.key, value: $0.value) })
        self.children = children.map { .element($0) }
    }

    /// A deep copy.
    func copy() -> XMLNode {
        let copy = XMLNode(prefix: prefix, localName: localName, namespace: namespace,
                           declarations: declarations, attributes: attributes)
        copy.children = children.map {
            switch $0 {
            case .text(let text): return .text(text)
            case .element(let node): return .element(node.copy())
            }
        }
        return copy
    }

    var qualifiedName: String { prefix.map { $0 + ":" + localName } ?? localName }

    /// The value of an unprefixed attribute.
    func attribute(_ localName: String) -> String? {
        attributes.first { $0.prefix == nil && $0.localName == localName }?.value
    }

    /// Sets (or, with nil, removes) an unprefixed attribute; a new one goes last.
    func setAttribute(_ localName: String, _ value: String?) {
        if let index = attributes.firstIndex(where: { $0.prefix == nil && $0.localName == localName }) {
            if let value { attributes[index].value = value } else { attributes.remove(at: index) }
        } else if let value {
            attributes.append(Attribute(prefix: nil, localName: localName, value: value))
        }
    }

    /// The element children.
    var elements: [XMLNode] {
        children.compactMap { if case .element(let node) = $0 { return node } else { return nil } }
    }

    /// The first element child with this local name.
    func child(_ localName: String) -> XMLNode? {
        elements.first { $0.localName == localName }
    }

    /// The text of the element and its descendants, in order.
    var text: String {
        children.map {
            switch $0 {
            case .text(let text): return text
            case .element(let node): return node.text
            }
        }.joined()
    }

    /// The element as XML text.
    var serialized: String {
        var result = "<" + qualifiedName
        for declaration in declarations {
            result += declaration.prefix.map { " xmlns:\($0)=\"" } ?? " xmlns=\""
            result += XMLEscaping.attribute(declaration.uri) + "\""
        }
        for attribute in attributes {
            result += " " + attribute.qualifiedName + "=\"" + XMLEscaping.attribute(attribute.value) + "\""
        }
        if children.isEmpty { return result + "/>" }
        result += ">"
        for child in children {
            switch child {
            case .text(let text): result += XMLEscaping.text(text)
            case .element(let node): result += node.serialized
            }
        }
        return result + "</" + qualifiedName + ">"
    }

    /// The element as XML text with attributes in name order and no namespace declarations:
    /// two elements with the same canonical text mean the same thing.
    var canonical: String {
        var result = "<" + localName
        for attribute in attributes.sorted(by: { $0.qualifiedName < $1.qualifiedName }) {
            result += " " + attribute.qualifiedName + "=\"" + XMLEscaping.attribute(attribute.value) + "\""
        }
        result += ">"
        for child in children {
            switch child {
            case .text(let text): result += XMLEscaping.text(text)
            case .element(let node): result += node.canonical
            }
        }
        return result + "</" + localName + ">"
    }
}

extension XMLAttributes {
    /// Every attribute copied, with its prefix.
    func owned() -> [XMLNode.Attribute] {
        guard let base else { return [] }
        return (0..<count).compactMap { index in
            let offset = index * 5
            guard let name = base[offset], let start = base[offset + 3], let end = base[offset + 4] else { return nil }
            return XMLNode.Attribute(prefix: base[offset + 1].map { String(cString: $0) }, localName: String(cString: name),
                                     value: String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self))
        }
    }
}

extension XMLNode {
    /// The column of a row's `<c>` element: its `r` when it has a valid one, else the column after
    /// `previous` — written into `r` then, so that what follows can name the cell; nil past
    /// Excel's last column.
    func cellColumn(after previous: Int, row: Int) -> Int? {
        if let text = attribute("r"), let reference = CellReference(text) { return reference.column }
        let column = previous + 1
        guard column <= CellReference.maximumColumn else { return nil }
        setAttribute("r", CellReference(row: row, column: column).description)
        return column
    }
}
