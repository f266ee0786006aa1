/// A comment (note) on a cell.
struct SheetComment {
    let reference: CellReference
    let text: String
    let author: String
    let isVisible: Bool
}

/// The comments part of a sheet (`xl/commentsN.xml`): authors and each comment's text.
/// Excel shows the comments through the sheet's VML drawing (``VMLDrawingPart``).
enum CommentsPart {
    /// The part's XML for the comments of one sheet, in row order.
    static func xml(_ comments: [SheetComment], preservingEdgeWhitespace: Bool) -> [UInt8] {
        var authors = IndexedSet<String>()
        let authorIDs = comments.map { authors.insert($0.author) }
        let xml = XMLWriter()
        xml.declaration()
        xml.start("comments", [("xmlns", Namespace.spreadsheetML)])
        xml.start("authors")
        for author in authors.elements { xml.element("author", text: TextEscapes.encode(author)) }
        xml.end("authors")
        xml.start("commentList")
        for (comment, authorID) in zip(comments, authorIDs) {
            xml.start("comment", [("ref", comment.reference.description), ("authorId", String(authorID))])
            xml.append("<text><r><rPr><sz val=\"9\"/><color indexed=\"81\"/><rFont val=\"宋体\"/><charset val=\"134\"/></rPr>")
            xml.appendTextElement(comment.text, preservingEdgeWhitespace: preservingEdgeWhitespace)
            xml.append("</r></text>")
            xml.end("comment")
        }
        xml.end("commentList")
        xml.end("comments")
        return xml.array
    }
}
