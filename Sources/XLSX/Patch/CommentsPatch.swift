import CLibxml2

/// The comments of one sheet (`commentsN.xml`) with the patch's notes: a note on a cell that
/// has a comment already is appended to it, after what the patch appended before (the text
/// from `marker` on) is taken out; a note on a cell without one becomes a new comment by
/// `author`. Every line of a note starts with `marker`.
enum CommentsPatch {
    /// The text the patch writes for a cell's messages: one line per message, each starting
    /// with the marker.
    static func note(messages: [String], marker: String) -> String {
        messages.map { marker + $0 }.joined(separator: "\n")
    }

    /// A new comments part for a sheet that has none.
    static func newPart(notes: [(cell: CellReference, text: String)], author: String, namespace: String) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        xml += "<comments xmlns=\"\(namespace)\"><authors><author>\(XMLEscaping.text(author))</author></authors><commentList>"
        for note in notes {
            xml += comment(cell: note.cell, authorID: 0, text: note.text, prefix: "")
        }
        return xml + "</commentList></comments>"
    }

    /// One `<comment>` with a single run (`prefix` is `"x:"` or `""`).
    static func comment(cell: CellReference, authorID: Int, text: String, prefix: String) -> String {
        "<\(prefix)comment ref=\"\(cell)\" authorId=\"\(authorID)\"><\(prefix)text>\(run(text, prefix: prefix))</\(prefix)text></\(prefix)comment>"
    }

    /// A run in the usual comment font (9 points, the comment text colour).
    static func run(_ text: String, prefix: String) -> String {
        "<\(prefix)r><\(prefix)rPr><\(prefix)sz val=\"9\"/><\(prefix)color indexed=\"81\"/></\(prefix)rPr>"
            + "<\(prefix)t>\(XMLEscaping.text(TextEscapes.encode(text)))</\(prefix)t></\(prefix)r>"
    }

    /// Takes out of a comment's `<text>` everything from the first `marker` on (with the line
    /// break before it), turns a bare `<t>` into a run, and appends `note` as a new run.
    static func replaceNote(in text: XMLNode, note: String, marker: String) {
        var kept: [XMLNode.Child] = []
        var cut = false
        var keptText = ""
        var tail: [XMLNode.Child] = []
        for child in text.children {
            guard case .element(let node) = child else {
                if !cut { kept.append(child) }
                continue
            }
            switch node.localName {
            case "t", "r":
                guard !cut else { continue }
                let textNode = node.localName == "t" ? node : node.child("t")
                var content = textNode?.text ?? ""
                if let range = content.firstRange(of: marker) {
                    content = String(content[..<range.lowerBound])
                    while content.hasSuffix("\n") || content.hasSuffix("\r") { content.removeLast() }
                    cut = true
                    if let textNode { setText(textNode, fileText: content) }
                }
                guard !content.isEmpty || !cut else { continue }
                keptText += content
                if node.localName == "t" {
                    // A bare <t> cannot be followed by runs meaningfully: make it a run of its own.
                    let run = XMLNode(prefix: node.prefix, localName: "r", namespace: node.namespace)
                    run.children = [.element(node)]
                    kept.append(.element(run))
                } else {
                    kept.append(child)
                }
            default:
                tail.append(child)
            }
        }
        if !note.isEmpty {
            let appended = keptText.isEmpty ? note : "\n" + note
            let run = XMLNode(prefix: text.prefix, localName: "r", namespace: text.namespace)
            let properties = XMLNode("rPr", prefix: text.prefix, namespace: text.namespace, children: [
                XMLNode("sz", prefix: text.prefix, namespace: text.namespace, attributes: ["val": "9"]),
                XMLNode("color", prefix: text.prefix, namespace: text.namespace, attributes: ["indexed": "81"]),
            ])
            let textElement = XMLNode("t", prefix: text.prefix, namespace: text.namespace)
            setText(textElement, fileText: TextEscapes.encode(appended))
            run.children = [.element(properties), .element(textElement)]
            kept.append(.element(run))
        }
        text.children = kept + tail
    }

    /// Sets a `<t>`'s text, given as the file holds it (with `_xHHHH_` escapes). No `xml:space`
    /// is added: the schema does not allow it on `<t>`, and XML keeps line breaks anyway.
    private static func setText(_ node: XMLNode, fileText text: String) {
        node.children = text.isEmpty ? [] : [.text(text)]
    }
}

/// Streams an existing comments part with the notes applied: the author added when new,
/// marked cells' comments rewritten, new comments appended to the list.
final class CommentsRewriter: XMLRewriter {
    private let notes: [CellReference: String]
    private let order: [CellReference]
    private let author: String
    private let marker: String
    private var authors: [String] = []
    private var authorID: Int?
    private var mainNamespace = ""

    /// The cells that had a comment before, among the noted ones.
    private(set) var commentedCells: Set<CellReference> = []

    init(output: XMLOutput, partName: String, notes: [(cell: CellReference, text: String)], author: String, marker: String) {
        var byCell: [CellReference: String] = [:]
        for note in notes { byCell[note.cell] = note.text }
        self.notes = byCell
        order = notes.map(\.cell)
        self.author = author
        self.marker = marker
        super.init(output: output, partName: partName)
    }

    override func elementStarted(_ tag: XMLStartTag) {
        if depth == 0 { mainNamespace = tag.namespace.map { String(cString: $0) } ?? "" }
        guard tag.isSpreadsheetML else { return copy(tag) }
        if depth == 2 && tag.isNamed("author") { return capture(tag) }
        if depth == 1 && tag.isNamed("commentList") && authorID == nil {
            // A part without <authors> (not valid, but seen): give it one before the list.
            let element = elementName("authors", namespace: mainNamespace)
            let authorName = elementName("author", namespace: mainNamespace).name
            writeMarkup("<\(element.name)\(element.declaration)><\(authorName)>\(XMLEscaping.text(author))</\(authorName)></\(element.name)>")
            authorID = 0
        }
        if depth == 2 && tag.isNamed("comment"), let reference = tag.attributes.string("ref").flatMap({ CellReference($0) }),
           notes[reference] != nil {
            commentedCells.insert(reference)
            return capture(tag)
        }
        copy(tag)
    }

    override func elementCaptured(_ node: XMLNode) {
        if node.localName == "author" {
            authors.append(node.text)
        } else if let reference = node.attribute("ref").flatMap({ CellReference($0) }), let note = notes[reference],
                  let text = node.child("text") {
            CommentsPatch.replaceNote(in: text, note: note, marker: marker)
        }
        write(node)
    }

    override func elementEnded(_ localName: UnsafePointer<xmlChar>, namespace: UnsafePointer<xmlChar>?) {
        if depth == 2 && XMLName.equals(localName, "authors") {
            if let index = authors.firstIndex(of: author) {
                authorID = index
            } else {
                let element = elementName("author", namespace: mainNamespace)
                writeMarkup("<\(element.name)\(element.declaration)>\(XMLEscaping.text(author))</\(element.name)>")
                authorID = authors.count
            }
        } else if depth == 2 && XMLName.equals(localName, "commentList") {
            let name = elementName("comment", namespace: mainNamespace).name
            let prefix = name.hasSuffix(":comment") ? String(name.dropLast("comment".count)) : ""
            for cell in order where !commentedCells.contains(cell) {
                guard let text = notes[cell], !text.isEmpty else { continue }
                writeMarkup(CommentsPatch.comment(cell: cell, authorID: authorID ?? 0, text: text, prefix: prefix))
            }
        }
        closeElement()
    }

    /// The noted cells that got a new comment (and so need a shape in the VML drawing).
    var newlyCommentedCells: [CellReference] {
        order.filter { !commentedCells.contains($0) && notes[$0]?.isEmpty == false }
    }
}
