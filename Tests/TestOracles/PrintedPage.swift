import Foundation

/// One printed page as poppler's `pdftotext -bbox` gives it: its size and its words' boxes, in
/// points — what documents.md's print rules are measured on (glyph sizes, overprints, edges).
public struct PrintedPage: Sendable {
    /// A word and its box.
    public struct Word: Sendable {
        public var xMin, yMin, xMax, yMax: Double
        public var text: String

        public init(xMin: Double, yMin: Double, xMax: Double, yMax: Double, text: String) {
            (self.xMin, self.yMin, self.xMax, self.yMax, self.text) = (xMin, yMin, xMax, yMax, text)
        }

        /// For a word of East Asian characters only: its glyphs' size (their advance), in points.
        public var glyphSize: Double? {
            let scalars = text.unicodeScalars
            guard !scalars.isEmpty, scalars.allSatisfy(Self.isWide) else { return nil }
            return (xMax - xMin) / Double(scalars.count)
        }

        public var height: Double { yMax - yMin }

        /// Whether a character prints a full em wide (East Asian Wide or Fullwidth: CJK
        /// ideographs and radicals, kana, Hangul, CJK and full-width punctuation).
        static func isWide(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
                 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
                return true
            default:
                return false
            }
        }
    }

    public var width: Double
    public var height: Double
    public var words: [Word]

    public init(width: Double, height: Double, words: [Word]) {
        (self.width, self.height, self.words) = (width, height, words)
    }

    /// The page's text, its words run together (no spaces).
    public var text: String { words.map(\.text).joined() }

    /// The median size of the page's East Asian glyphs.
    public var medianGlyph: Double? {
        let sizes = words.compactMap(\.glyphSize).sorted()
        return sizes.isEmpty ? nil : sizes[sizes.count / 2]
    }

    public var smallestGlyph: Double? { words.compactMap(\.glyphSize).min() }

    /// A word's size from its box's height, by the ratio of height to size of the page's East
    /// Asian words (the same faces print both).
    public func estimatedSize(of word: Word) -> Double? {
        let ratios = words.compactMap { word in word.glyphSize.map { word.height / $0 } }.sorted()
        guard !ratios.isEmpty else { return nil }
        return word.height / ratios[ratios.count / 2]
    }

    /// Pairs of words printed over each other: their boxes overlap by more than a point across
    /// and by more than a third of the lower one's height (boxes of neighbouring lines touch, as
    /// a face's line box is taller than its glyphs).
    public func overprints() -> [(Word, Word)] {
        var pairs: [(Word, Word)] = []
        let sorted = words.sorted { $0.yMin < $1.yMin }
        for (index, first) in sorted.enumerated() {
            for second in sorted[(index + 1)...] {
                if second.yMin >= first.yMax { break }
                let across = min(first.xMax, second.xMax) - max(first.xMin, second.xMin)
                let down = min(first.yMax, second.yMax) - max(first.yMin, second.yMin)
                if across > 1 && down > min(first.height, second.height) / 3 { pairs.append((first, second)) }
            }
        }
        return pairs
    }

    /// The pages of a PDF (`pdftotext -bbox`).
    public static func read(_ pdf: String) throws -> [PrintedPage] {
        let html = try Printing.output("pdftotext", ["-bbox", pdf, "-"])
        let pagePattern = try NSRegularExpression(pattern: #"<page width="([\d.]+)" height="([\d.]+)">"#)
        let wordPattern = try NSRegularExpression(pattern: #"<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>"#)
        let text = html as NSString
        var pages: [PrintedPage] = []
        let pageMatches = pagePattern.matches(in: html, range: NSRange(location: 0, length: text.length))
        for (index, match) in pageMatches.enumerated() {
            let end = index + 1 < pageMatches.count ? pageMatches[index + 1].range.location : text.length
            let range = NSRange(location: match.range.location, length: end - match.range.location)
            var page = PrintedPage(width: Double(text.substring(with: match.range(at: 1)))!, height: Double(text.substring(with: match.range(at: 2)))!,
                                   words: [])
            for word in wordPattern.matches(in: html, range: range) {
                let number = { (group: Int) in Double(text.substring(with: word.range(at: group)))! }
                let content = text.substring(with: word.range(at: 5)).replacingOccurrences(of: "&amp;", with: "&")
                    .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
                page.words.append(Word(xMin: number(1), yMin: number(2), xMax: number(3), yMax: number(4), text: content))
            }
            pages.append(page)
        }
        return pages
    }
}

/// Printing workbooks the way the documents tests do: LibreOffice to PDF, with Song and Hei
/// faces for 宋体 and 黑体 where the Noto CJK faces are installed.
public enum Printing {
    /// A font configuration giving LibreOffice Song and Hei faces for 宋体/SimSun and 黑体/SimHei
    /// (nil when the Noto CJK faces are not installed: LibreOffice then falls back on its own),
    /// as a Chinese machine has its own.
    public static func fontConfiguration(in folder: String) throws -> String? {
        let faces = try output("fc-list", [":lang=zh", "family"])
        guard faces.contains("Noto Serif CJK SC"), faces.contains("Noto Sans CJK SC") else { return nil }
        let aliases = [("宋体", "Noto Serif CJK SC"), ("SimSun", "Noto Serif CJK SC"), ("黑体", "Noto Sans CJK SC"), ("SimHei", "Noto Sans CJK SC")]
            .map { "<alias binding=\"same\"><family>\($0.0)</family><prefer><family>\($0.1)</family></prefer></alias>" }.joined()
        let path = folder + "/fonts.conf"
        try ("<?xml version=\"1.0\"?><!DOCTYPE fontconfig SYSTEM \"fonts.dtd\"><fontconfig>"
             + "<include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\(aliases)</fontconfig>").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Prints `files` to PDF with LibreOffice (its profile and the font configuration kept in
    /// `folder`) into `outputFolder`; the PDFs' paths, in order.
    public static func pdfs(of files: [String], in folder: String, to outputFolder: String) throws -> [String] {
        var environment = ["HOME": folder]
        if let fonts = try fontConfiguration(in: folder) { environment["FONTCONFIG_FILE"] = fonts }
        _ = try output("soffice", ["-env:UserInstallation=file://" + folder + "/profile", "--headless", "--convert-to", "pdf",
                                   "--outdir", outputFolder] + files, environment: environment)
        return files.map { outputFolder + "/" + (($0 as NSString).lastPathComponent as NSString).deletingPathExtension + ".pdf" }
    }

    /// Runs a program found on `PATH`; its standard output (its errors are left out).
    public static func output(_ program: String, _ arguments: [String], environment: [String: String] = [:]) throws -> String {
        try run(program, arguments, environment: environment).output
    }

    /// Runs a program (a path, or a name found on `PATH`); its exit status and standard output
    /// (its errors are left out).
    public static func run(_ program: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
