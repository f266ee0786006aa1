import Foundation
@testable import LedgerSamples
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Scoring
import XLSX
@testable import Ledger
@testable import Portal

/// A portal over a fresh data folder, the default ledger and rules, its tokens, and ledgers to upload.
struct PortalFixture {
    static let configuration: LedgerConfiguration = {
        let root = #filePath.components(separatedBy: "/Tests/").first!
        return try! LedgerConfiguration.load(schemaPath: root + "/templates/ledger.yaml", districtPath: root + "/templates/district.yaml")
    }()
    static let rulesPath = #filePath.components(separatedBy: "/Tests/").first! + "/templates/scoring.yaml"
    /// The worker processes' program: the `taizhang` that `swift build` (and `swift test`) made.
    static let taizhang = #filePath.components(separatedBy: "/Tests/").first! + "/.build/debug/taizhang"

    /// Friday 2026-10-16 18:00 in China Standard Time.
    static let fridayEvening = PortalClock.secondsSince1970(year: 2026, month: 10, day: 16, hour: 18)

    let folder: String
    let options: PortalOptions
    let portal: Portal
    let districtToken: String
    let townTokens: [String: String]
    /// The liaison leaders' tokens (书记, 副书记).
    let liaisonTokens: [String: String]
    let clock: MutableClock

    init(options configure: (inout PortalOptions) -> Void = { _ in }) throws {
        folder = temporaryFolder()
        let configuration = Self.configuration
        clock = MutableClock(Self.fridayEvening)
        var options = PortalOptions(dataPath: folder + "/data", configuration: configuration,
                                    scoring: try ScoringSetup.load(rulesPath: Self.rulesPath, configuration: configuration))
        let clock = self.clock
        options.clock = PortalClock(now: { clock.now })
        options.workers = WorkerOptions(executable: Self.taizhang)
        configure(&options)
        self.options = options
        portal = try Portal(options: options)
        let issued = try AccessLinks(folder: portal.folder, district: configuration.district).issue()
        districtToken = issued.district!
        townTokens = Dictionary(uniqueKeysWithValues: issued.towns.map { ($0.town, $0.token!) })
        liaisonTokens = Dictionary(uniqueKeysWithValues: issued.liaisons.map { ($0.leader, $0.token!) })
    }

    /// A correct sample ledger of a town (by its index in the district), as it stood on `asOf`
    /// (the whole campaign when nil), changed by `edit` before it is written.
    func ledger(town index: Int, seed: UInt64 = 7, asOf: LedgerDate? = nil, edit: (inout TemplateContent) -> Void = { _ in }) throws -> [UInt8] {
        let configuration = Self.configuration
        let town = configuration.district.towns[index]
        var sample = SampleTown(index: index, townCount: configuration.district.towns.count, town: town,
                                district: configuration.district, random: SampleRandom(seed: seed &* 1_000_003 &+ UInt64(index)),
                                asOf: asOf)
        var content = sample.content()
        edit(&content)
        let path = folder + "/ledger-\(UUID().uuidString).xlsx"
        try TemplateBuilder(schema: configuration.schema, district: configuration.district).write(town: town, to: path, content: content)
        return [UInt8](FileManager.default.contents(atPath: path)!)
    }

    /// A multipart/form-data body with the file (and a town field when given).
    static func multipart(_ bytes: [UInt8], fileName: String, town: String? = nil) -> (body: ByteBuffer, contentType: String) {
        let boundary = "----taizhang-test-boundary"
        var body = ByteBuffer()
        if let town {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"town\"\r\n\r\n\(town)\r\n")
        }
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\n")
        body.writeString("Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n")
        body.writeBytes(bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
        return (body, "multipart/form-data; boundary=\(boundary)")
    }

    static func bearer(_ token: String, _ extra: HTTPFields = [:]) -> HTTPFields {
        var headers = extra
        headers[.authorization] = "Bearer " + token
        return headers
    }

    /// Uploads through the API; returns the status and the decoded JSON.
    @discardableResult
    static func upload(_ client: some TestClientProtocol, token: String, bytes: [UInt8], fileName: String,
                       query: String = "") async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
        let (body, contentType) = multipart(bytes, fileName: fileName)
        var headers = bearer(token)
        headers[.contentType] = contentType
        let response = try await client.execute(uri: "/api/submissions" + query, method: .post, headers: headers, body: body)
        return (response.status, json(response.body))
    }

    static func get(_ client: some TestClientProtocol, _ uri: String, token: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get, headers: bearer(token))
    }

    static func json(_ buffer: ByteBuffer) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] ?? [:]
    }
}

/// A clock the tests move by hand.
final class MutableClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Double

    init(_ value: Double) {
        self.value = value
    }

    var now: Double {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}

extension PortalClock {
    /// A moment of China Standard Time in seconds since 1970.
    static func secondsSince1970(year: Int, month: Int, day: Int, hour: Int, minute: Int = 0) -> Double {
        PortalClock().start(of: LedgerDate(year: year, month: month, day: day)!) + Double(hour * 3600 + minute * 60)
    }
}

/// A fresh temporary folder per test.
func temporaryFolder() -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("taizhang-portal-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
