/// A fuzz input holding workbooks as lists of parts in plain text, so that libFuzzer's byte
/// mutations change the XML (its numbers, names, references) rather than break a zip archive's
/// checksums: the harness packs each list into a real archive (``StoredZip``) before the code
/// under test sees it.
///
/// ```text
/// TZPARTS
/// == [Content_Types].xml
/// <?xml …?><Types …>…</Types>
/// == xl/workbook.xml
/// …
/// ##FILE
/// == [Content_Types].xml
/// …
/// ```
///
/// A part starts at a line `== NAME`; its bytes run to the next part's line (the line break
/// before it excluded). `##FILE` on a line of its own starts the next workbook. Anything else
/// parses too: what is not a part is ignored, so every input is some list of workbooks.
/// `fuzz/make_seeds.py` writes this form from `.xlsx` files. The XLSX tests compile this file and
/// `StoredZip.swift` too (symbolic links in `Tests/XLSXTests/FuzzInputs/`), to replay the inputs
/// kept in `fuzz/crashes-annotate/` and `fuzz/crashes-merge/` exactly as the fuzz targets packed them.
public enum PartList {
    /// One part of a workbook.
    public struct Part {
        public var name: String
        public var bytes: ArraySlice<UInt8>
    }

    static let fileSeparator = Array("\n##FILE\n".utf8)
    static let partMarker = Array("\n== ".utf8)

    /// The workbooks of an input, at most `limit` of them, each a list of parts (possibly empty).
    public static func workbooks(in input: [UInt8], limit: Int) -> [[Part]] {
        split(ArraySlice(input), on: fileSeparator).prefix(limit).map(parts)
    }

    /// The parts of one workbook's text.
    static func parts(_ text: ArraySlice<UInt8>) -> [Part] {
        // The first piece comes before any `== ` line: a header, not a part.
        split(text, on: partMarker).dropFirst().compactMap { piece in
            let newline = piece.firstIndex(of: UInt8(ascii: "\n")) ?? piece.endIndex
            let name = String(decoding: piece[piece.startIndex..<newline], as: UTF8.self)
            guard !name.isEmpty else { return nil }
            let body = newline < piece.endIndex ? piece[(newline + 1)...] : piece[piece.endIndex...]
            return Part(name: name, bytes: body)
        }
    }

    /// `bytes` cut at every occurrence of `separator` (which is dropped).
    static func split(_ bytes: ArraySlice<UInt8>, on separator: [UInt8]) -> [ArraySlice<UInt8>] {
        var pieces: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        var index = bytes.startIndex
        while index + separator.count <= bytes.endIndex {
            if bytes[index] == separator[0] && bytes[index..<(index + separator.count)].elementsEqual(separator) {
                pieces.append(bytes[start..<index])
                index += separator.count
                start = index
            } else {
                index += 1
            }
        }
        pieces.append(bytes[start...])
        return pieces
    }
}
