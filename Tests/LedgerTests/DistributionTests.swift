import TaizhangSupport
import LedgerSamples
import Foundation
import TestOracles
import Testing
import XLSX
@testable import Ledger

/// What a library user and an installed `taizhang` rely on: the built-in defaults, the version,
/// damaged sheets named while the others are read, and no unsafe build flags.
@Suite("Distribution: built-in defaults, version, damaged sheets", .serialized)
struct DistributionTests {
    static let root = CommandLineTests.root

    @Test func theBuiltInDefaultsAreTheTemplatesFiles() throws {
        #expect(DefaultTemplates.ledger == (try TextFile.read(Self.root + "/templates/ledger.yaml")))
        #expect(DefaultTemplates.district == (try TextFile.read(Self.root + "/templates/district.yaml")))
        #expect(DefaultTemplates.files.map(\.name) == ["ledger.yaml", "district.yaml"])
        let configuration = try LedgerConfiguration.default()
        #expect(configuration.schemaPath == "(built in) ledger.yaml")
        #expect(configuration.districtPath == "(built in) district.yaml")
        let fromFiles = try LedgerConfiguration.load(schemaPath: Self.root + "/templates/ledger.yaml",
                                                     districtPath: Self.root + "/templates/district.yaml")
        #expect(configuration.schema.sheets.map(\.name) == fromFiles.schema.sheets.map(\.name))
        #expect(configuration.district.towns.map(\.name) == fromFiles.district.towns.map(\.name))
    }

    @Test func anExplicitFileStillWinsAndAMissingOneIsNamed() throws {
        let folder = temporaryFolder()
        let district = DefaultTemplates.district.replacingOccurrences(of: "year: 2026", with: "year: 2027")
        try district.write(toFile: folder + "/district.yaml", atomically: true, encoding: .utf8)
        #expect(try LedgerConfiguration.load(districtPath: folder + "/district.yaml").district.year == 2027)
        #expect(throws: ConfigurationError.self) { try LedgerConfiguration.load(schemaPath: folder + "/none.yaml") }
    }

    @Test(.needs(.program("unzip"))) func theWriterStampsTheVersion() throws {
        let path = temporaryFolder() + "/stamped.xlsx"
        let writer = try WorkbookWriter(path: path)
        try writer.addSheet("一").writeRow(["x"])
        try writer.close()
        let listing = try ProcessRun.run("/usr/bin/env", ["unzip", "-p", path, "docProps/custom.xml"])
        #expect(listing.status == 0)
        #expect(listing.output.contains("name=\"Generator\"><vt:lpwstr>Taizhang \(TaizhangVersion.current)</vt:lpwstr>"))
        #expect(TaizhangVersion.current.split(separator: ".").count == 3)
    }

    /// A copy of a workbook in which one part's name is changed in the zip (same length, so the
    /// archive stays valid): the part is then missing.
    func renamingPart(_ part: String, to other: String, in path: String) throws -> String {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let from = Array(part.utf8), to = Array(other.utf8)
        precondition(from.count == to.count)
        var replaced = 0
        var index = 0
        while index + from.count <= bytes.count {
            if bytes[index..<index + from.count].elementsEqual(from) {
                bytes.replaceSubrange(index..<index + from.count, with: to)
                replaced += 1
            }
            index += 1
        }
        #expect(replaced == 2, "the local header and the central directory name the part")
        let damaged = temporaryFolder() + "/damaged.xlsx"
        try Data(bytes).write(to: URL(fileURLWithPath: damaged))
        return damaged
    }

    @Test func aDamagedSheetIsAFindingAndTheOtherSheetsAreRead() throws {
        let configuration = try LedgerConfiguration.default()
        let folder = temporaryFolder()
        let generator = SampleGenerator(configuration: configuration, seed: 1)
        let town = try #require(configuration.district.towns.first)
        try generator.write(to: folder, towns: [town], faults: false)
        let original = folder + "/" + TemplateBuilder.fileName(town: town.name)
        let workbook = try Workbook(path: original)
        let damagedSheet = workbook.sheets[2]
        let part = try #require(damagedSheet.partName)
        let damaged = try renamingPart(part, to: String(part.dropLast(5)) + "X.xml", in: original)

        let result = LedgerValidator(schema: configuration.schema, district: configuration.district).validate(path: damaged)
        #expect(result.readable)
        let finding = try #require(result.findings.first { $0.code == .damagedSheet })
        #expect(finding.sheet == damagedSheet.name && finding.severity == .error)
        #expect(finding.message.chinese.contains(damagedSheet.name) && finding.message.english.contains(part))
        #expect(!result.findings.contains { $0.code == .unreadable || $0.code == .missingSheet })
        let readSheets = Set((result.submission?.tables.keys.map { $0 } ?? []) + (result.submission?.forms.keys.map { $0 } ?? []))
        #expect(readSheets.count == configuration.schema.sheets.count - 1)
        #expect(!readSheets.contains(damagedSheet.name))
    }

    @Test(.needs(.builtTaizhang)) func theInstalledCommandWorksFromAnEmptyFolder() throws {
        let commands = CommandLineTests()
        let binary = CommandLineTests.binary
        let folder = temporaryFolder()
        let version = try commands.run(["--version"])
        #expect(version.status == 0 && version.output == TaizhangVersion.current + "\n")
        let job = try commands.run([], shell: """
            cd '\(folder)' && '\(binary)' defaults -o 配置 && '\(binary)' template -o 模板 --schema 配置/ledger.yaml \
            && '\(binary)' sample -o 报送 && '\(binary)' evaluate 报送 -o 输出 --rules 配置/scoring.yaml --config 配置/district.yaml
            """)
        #expect(job.status == 0, "\(job.errors)")
        for file in ["ledger.yaml", "district.yaml", "scoring.yaml"] {
            #expect(try TextFile.read(folder + "/配置/" + file) == (try TextFile.read(Self.root + "/templates/" + file)))
        }
        #expect(FileManager.default.fileExists(atPath: folder + "/输出/评优评先.xlsx"))
        let again = try commands.run(["defaults", "-o", folder + "/配置"])
        #expect(again.status == 2 && again.errors.contains("never overwritten"))
    }

    @Test(.needs(.builtTaizhang)) func dumpNamesADamagedSheetAndPrintsTheOthers() throws {
        let commands = CommandLineTests()
        let path = temporaryFolder() + "/three.xlsx"
        let writer = try WorkbookWriter(path: path)
        for name in ["一", "二", "三"] { try writer.addSheet(name).writeRow([WritableCell(.string(name))]) }
        try writer.close()
        let damaged = try renamingPart("xl/worksheets/sheet2.xml", to: "xl/worksheets/sheetX.xml", in: path)
        let dump = try commands.run(["dump", damaged, "--format", "jsonl"])
        #expect(dump.status == 0)
        #expect(dump.output.split(separator: "\n").count == 2 && dump.output.contains("\"三\""))
        #expect(dump.errors.contains("warning: sheet \"二\"") && dump.errors.contains("xl/worksheets/sheet2.xml"))
    }

    @Test func noUnsafeBuildFlags() throws {
        // SwiftPM refuses a dependency whose targets use unsafeFlags: a package depending on
        // Taizhang by version would not resolve.
        for manifest in ["/Package.swift", "/Examples/Package.swift"] {
            let text = try TextFile.read(Self.root + manifest)
            #expect(!text.contains("unsafeFlags"), "\(manifest) uses unsafeFlags")
        }
    }
}
