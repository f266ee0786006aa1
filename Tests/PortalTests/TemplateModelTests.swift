import HummingbirdTesting
import Mustache
import TestOracles
import Testing
@testable import Portal

/// Page models as the templates read them (`TemplateModel`): what swift-mustache would find by
/// reflection is what the flattened model (or a type answering its names itself) gives.
@Suite("Portal: page models as the templates read them")
struct TemplateModelTests {
    struct Inner { var label: String; var flagged: Bool; var missing: String? }
    struct Outer { var title: String; var count: Int; var inner: Inner; var list: [Inner]; var none: Inner?; var some: Inner? }

    @Test func structsBecomeDictionariesAndOptionalsTheirValue() {
        let inner = Inner(label: "甲", flagged: true, missing: nil)
        let tree = TemplateModel.tree(Outer(title: "通报", count: 3, inner: inner, list: [inner, inner], none: nil, some: inner))
            as? [String: Any]
        #expect(tree?["title"] as? String == "通报" && tree?["count"] as? Int == 3)
        #expect((tree?["inner"] as? [String: Any])?["label"] as? String == "甲")
        #expect((tree?["inner"] as? [String: Any])?["missing"] == nil)
        #expect((tree?["list"] as? [Any])?.count == 2 && tree?["none"] == nil && tree?["some"] is [String: Any])
    }

    /// A type that answers its names itself answers every field it has, with its value.
    static func answersEveryField(_ value: some MustacheParent) -> Bool {
        Mirror(reflecting: value).children.allSatisfy { child in
            guard let label = child.label, let answer = value.child(named: label) else { return false }
            return String(describing: answer) == String(describing: child.value)
        }
    }

    /// The bulletin's page and the district's board, rendered from the flattened model, are what
    /// swift-mustache renders from the models themselves by reflection.
    @Test(.needs(.builtTaizhang, .openpyxl))
    func pagesReadTheSameAsByReflection() async throws {
        let fixture = try PortalFixture()
        let bulletin = try await BulletinPrintTests.bulletin(fixture)
        let services = fixture.portal.services
        var library = MustacheLibrary()
        for (name, text) in EmbeddedTemplates.files where name.hasSuffix(".mustache") {
            try library.register(text, named: String(name.dropLast(".mustache".count)))
        }
        let page = BulletinPage(bulletin, layout: services.layout(title: bulletin.title, role: .district))
        let flattened = services.pages.html("bulletin", page)
        #expect(flattened.contains(bulletin.lines[0].town))
        #expect(library.render(page, withTemplate: "bulletin") == flattened)
        let board = try await PageController(services: services).districtPage(role: .district,
                                                                              query: BoardLayout.Query(show: nil, liaison: nil, page: nil))
        let boardPage = services.pages.html("district", board)
        #expect(boardPage.contains("团区委工作台"))
        #expect(library.render(board, withTemplate: "district") == boardPage)
    }

    @Test func typesThatAnswerThemselvesAnswerEveryField() {
        let cell = BulletinCell(label: "未达标(差3)", flagged: true)
        #expect(Self.answersEveryField(cell))
        #expect(Self.answersEveryField(BulletinRow(town: "湖坊镇", leaders: "书记", weekNew: 4, founded: 12, target: 20, share: "60.0%",
                                                   milestones: [cell, cell], report: cell, rank: 2)))
    }
}
