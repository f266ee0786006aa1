import Ledger
import TaizhangSupport
import XLSX

/// A mistake injected into a sample submission, and the rule that must catch it
/// (`faults.json` is the tests' oracle). A messy-but-valid form that must cause no finding has no code.
public struct InjectedFault: Sendable, Hashable {
    /// The sample file's name.
    public var file: String
    /// The sheet holding the mistake.
    public var sheet: String
    /// nil for a layout change (shuffled columns, an extra title row).
    public var cell: String?
    /// The rule code that must catch it; nil when it must cause no finding.
    public var code: String?
    /// The severity of that finding.
    public var severity: Severity?
    /// What was injected, in words.
    public var description: String
}

/// Writes realistic, deterministic submissions for the default ledger (`templates/ledger.yaml`):
/// Chinese organisation, village and cadre names, phones, dates in the campaign window, weekly
/// reports on the report days with consistent running sums, and towns that differ (some reach
/// their target early, one exactly on the deadline, one not at all). The vocabulary below is
/// this ledger's; another schema needs its own sample profile, and the generator says so.
public struct SampleGenerator {
    /// The ledger and district to write samples for.
    public let configuration: LedgerConfiguration
    /// The seed: the same seed writes the same files.
    public let seed: UInt64
    /// When set, each town's ledger as it stood on this day (`taizhang sample --as-of`): the same
    /// campaign with what happened later left out — organisations founded, weekly reports and
    /// activities after the day, and nominees of organisations not yet founded — and 填报日期 set
    /// to the day. Successive days give a town's growing history (the portal demo's uploads).
    public var asOf: LedgerDate?

    /// A generator for a configuration and a seed.
    public init(configuration: LedgerConfiguration, seed: UInt64) {
        self.configuration = configuration
        self.seed = seed
    }

    /// The sheets and columns the sample profile fills; a schema without them is refused.
    static let requiredColumns: [String: [String]] = [
        "基本信息": ["镇名称", "填报人", "联系电话", "填报日期", "镇团委书记", "目标任务数"],
        "直属团组织": ["序号", "团组织名称", "组织类型", "依托领域", "所在村(社区)/单位", "成立日期", "团员人数", "青年人数", "书记姓名", "书记联系电话", "挂点班子成员", "备注"],
        "调查摸底": ["序号", "村(社区)名称", "青年人数", "发放调查表数", "回收调查表数", "上门走访次数", "收集意见建议数"],
        "活动开展": ["序号", "活动日期", "活动类型", "活动名称", "参加人数", "走访青年数", "收集意见建议数", "亮明身份团员数", "备注"],
        "周交账": ["交账日期", "本周新建数", "累计建成数", "下周计划数", "汇报人", "备注"],
        "挂点包干": ["姓名", "职务", "包干区域数", "包干区域名称", "联系电话"],
        "优秀个人推荐": ["姓名", "性别", "出生日期", "政治面貌", "所在团组织", "主要事迹"],
    ]

    /// Checks that the schema is the one the sample profile knows.
    public func checkSchema() throws {
        for (sheet, columns) in Self.requiredColumns {
            guard let schema = configuration.schema.sheet(sheet) else {
                throw ConfigurationError(file: configuration.schemaPath, line: 0,
                                         message: "taizhang sample knows the default ledger only: it has no sheet \"\(sheet)\"")
            }
            for column in columns where schema.column(column) == nil {
                throw ConfigurationError(file: configuration.schemaPath, line: schema.line,
                                         message: "taizhang sample knows the default ledger only: \"\(sheet)\" has no column \"\(column)\"")
            }
        }
    }

    /// The towns to write: the configured ones, or `count` generated ones (for load tests).
    public func towns(count: Int?) -> [DistrictConfig.Town] {
        guard let count else { return configuration.district.towns }
        let first = Array("东南西北中上下新老青红白金银石龙凤虎马牛羊桥湖山河港湾塘岭坪坝溪源泉林竹梅兰")
        let second = Array("安宁平和兴盛华丰隆昌泰福祥瑞康乐永富明光远阳春秋云峰")
        return (0..<count).map { index in
            let name = String(first[index % first.count]) + String(second[(index / first.count) % second.count])
                + (index >= first.count * second.count ? String(index / (first.count * second.count)) : "") + "镇"
            return DistrictConfig.Town(name: name, target: configuration.district.defaultTarget)
        }
    }

    /// Writes one submission per town into `folder`; with `faults`, injects mistakes and returns them.
    @discardableResult
    public func write(to folder: String, towns: [DistrictConfig.Town], faults: Bool) throws -> [InjectedFault] {
        try checkSchema()
        var injected: [InjectedFault] = []
        let builder = TemplateBuilder(schema: configuration.schema, district: configuration.district)
        for (index, town) in towns.enumerated() {
            let random = SampleRandom(seed: seed &* 1_000_003 &+ UInt64(index))
            var sampleTown = SampleTown(index: index, townCount: towns.count, town: town, district: configuration.district,
                                        random: random, asOf: asOf)
            var content = sampleTown.content()
            let fileName = TemplateBuilder.fileName(town: town.name)
            if faults {
                let formLabels = configuration.schema.sheets.first { $0.kind == .form }?.columns.map(\.label) ?? []
                injected += FaultInjector(file: fileName, variant: index % 5, formLabels: formLabels).inject(into: &content)
            }
            try builder.write(town: town, to: folder + "/" + fileName, content: content)
        }
        return injected
    }

    /// `faults.json`: the injected faults, one object each.
    public static func faultsJSON(_ faults: [InjectedFault]) -> String {
        let items = faults.map { fault in
            JSONText.compactObject([
                ("file", JSONText.string(fault.file)), ("sheet", JSONText.string(fault.sheet)),
                ("cell", JSONText.optional(fault.cell)), ("code", JSONText.optional(fault.code)),
                ("severity", JSONText.optional(fault.severity?.rawValue)), ("description", JSONText.string(fault.description)),
            ])
        }
        return JSONText.object([("faults", JSONText.array(items, indent: 1))]) + "\n"
    }
}

/// One town's invented ledger.
struct SampleTown {
    let index: Int
    let townCount: Int
    let town: DistrictConfig.Town
    let district: DistrictConfig
    var random: SampleRandom
    /// The day the ledger is as of (see ``SampleGenerator/asOf``); nil for the whole campaign.
    let asOf: LedgerDate?

    init(index: Int, townCount: Int, town: DistrictConfig.Town, district: DistrictConfig, random: SampleRandom,
         asOf: LedgerDate? = nil) {
        self.index = index
        self.townCount = townCount
        self.town = town
        self.district = district
        self.random = random
        self.asOf = asOf
    }

    /// Whether something dated `day` had happened by the as-of day.
    private func happened(_ day: LedgerDate) -> Bool { asOf.map { day <= $0 } ?? true }

    static let reportDate = "填报日期"
    static let villages = Array("湖坊罗家塘山京东扬子洲新建青云梅林长春光明幸福和平东升红星联丰永安桃花杏花南塘北湖")

    /// How the town's campaign went: how many organisations, and the day the last one was founded.
    private var profile: (organisations: Int, lastDay: LedgerDate, reportedFridays: Int) {
        let target = town.target
        let day = { (month: Int, dayOfMonth: Int) in LedgerDate(year: district.year, month: month, day: dayOfMonth)! }
        switch index % 5 {
        case 0: return (target + 4, day(10, 24), 5)          // early, and beyond the target
        case 1: return (target + 1, day(10, 22), 5)          // early
        case 2: return (target, day(10, 31), 5)              // exactly on the deadline
        case 3: return (target, day(10, 25), 4)              // on the second milestone, one report missed
        default: return (max(3, target - 6), day(10, 29), 3) // never reaches the target
        }
    }

    /// Two characters that sound like a place.
    mutating func place() -> String {
        String(random.pick(Self.villages)) + String(random.pick(Self.villages))
    }

    mutating func village() -> String {
        place() + random.pick(["村", "村", "社区"])
    }

    mutating func content() -> TemplateContent {
        var content = TemplateContent()
        let reportDate = asOf ?? district.deadline
        var cadres: [String] = []
        for _ in 0..<random.int(3...5) {
            var name = ""
            repeat { name = random.personName() } while cadres.contains(name)
            cadres.append(name)
        }
        let positions = ["镇党委书记", "镇长", "镇党委副书记", "组织委员", "宣传委员", "镇人大主席", "副镇长"]
        content.forms["基本信息"] = [
            "镇名称": .string(town.name), "填报人": .string(random.personName()), "联系电话": .string(random.mobile()),
            "填报日期": .date(LocalDateTime(year: reportDate.year, month: reportDate.month, day: reportDate.day)),
            "镇团委书记": .string(random.personName()), "目标任务数": .number(Double(town.target)),
        ]
        // 挂点包干
        var cadreRows: [[String: WritableValue]?] = []
        for (number, name) in cadres.enumerated() {
            let count = random.int(3...5)
            let areas = (0..<count).map { _ in village() }
            cadreRows.append(["姓名": .string(name), "职务": .string(positions[number % positions.count]), "包干区域数": .number(Double(count)),
                              "包干区域名称": .string(areas.joined(separator: "、")), "联系电话": .string(random.mobile())])
        }
        // 直属团组织: founding days spread from mid-September to the profile's last day.
        let plan = profile
        let start = LedgerDate(year: district.year, month: 9, day: 10)!
        let span = max(1, start.days(until: plan.lastDay))
        var days = (0..<(plan.organisations - 1)).map { _ in start.adding(days: random.int(0...span)) }.sorted()
        days.append(plan.lastDay)
        let fields: [(area: String, unit: [String])] = [
            ("商业街区", ["商业街", "步行街", "商贸城"]), ("企业", ["电子厂", "服装公司", "食品公司", "物流公司", "建材厂"]),
            ("集贸市场", ["农贸市场", "集贸市场"]), ("农业产业化基地", ["蔬菜基地", "水产养殖基地", "果业合作社"]),
            ("居住社区", ["社区", "小区"]), ("其他", ["青年志愿者协会", "青年创业园"]),
        ]
        var organisations: [[String: WritableValue]?] = []
        var names: [String] = []
        for (number, day) in days.enumerated() {
            let field = fields[number % fields.count]
            let type = number % 9 == 4 ? "团总支" : (number == 7 && townCount < 50 ? "团委" : "团支部")
            let members = type == "团委" ? random.int(100...130) : (type == "团总支" ? random.int(30...45) : random.int(3...25))
            var name = ""
            repeat { name = town.name + place() + random.pick(field.unit) + type } while names.contains(name)
            names.append(name)
            guard happened(day) else { continue }
            organisations.append([
                "序号": .number(Double(number + 1)), "团组织名称": .string(name), "组织类型": .string(type), "依托领域": .string(field.area),
                "所在村(社区)/单位": .string(village()), "成立日期": .date(LocalDateTime(year: day.year, month: day.month, day: day.day)),
                "团员人数": .number(Double(members)), "青年人数": .number(Double(members + random.int(5...60))),
                "书记姓名": .string(random.personName()), "书记联系电话": .string(random.mobile()),
                "挂点班子成员": .string(cadres[number % cadres.count]),
            ])
        }
        // 周交账: the reported Fridays, with running sums consistent with the founding days.
        let fridays = Array(district.reportDays.prefix(plan.reportedFridays))
        var weekly: [[String: WritableValue]?] = []
        var previousTotal = 0
        for friday in fridays where happened(friday) {
            let total = days.filter { $0 <= friday }.count
            weekly.append(["交账日期": .date(LocalDateTime(year: friday.year, month: friday.month, day: friday.day)),
                           "本周新建数": .number(Double(total - previousTotal)), "累计建成数": .number(Double(total)),
                           "下周计划数": .number(Double(random.int(1...6))), "汇报人": .string(cadres[0])])
            previousTotal = total
        }
        // 调查摸底
        var survey: [[String: WritableValue]?] = []
        var surveyed: [String] = []
        for number in 0..<random.int(5...9) {
            var name = ""
            repeat { name = village() } while surveyed.contains(name)
            surveyed.append(name)
            let issued = random.int(40...200)
            survey.append(["序号": .number(Double(number + 1)), "村(社区)名称": .string(name), "青年人数": .number(Double(issued + random.int(0...150))),
                           "发放调查表数": .number(Double(issued)), "回收调查表数": .number(Double(issued - random.int(0...issued / 4))),
                           "上门走访次数": .number(Double(random.int(3...40))), "收集意见建议数": .number(Double(random.int(0...30)))])
        }
        // 活动开展
        let kinds = ["座谈讨论会", "经验交流会", "先进事迹报告会", "流动团员亮身份", "走访青年", "其他"]
        var activities: [[String: WritableValue]?] = []
        for number in 0..<random.int(3...9) {
            let kind = kinds[(number + index) % kinds.count]
            let day = LedgerDate(year: district.year, month: 9, day: 5)!.adding(days: random.int(0...55))
            let participants = random.int(10...80), visited = random.int(0...40), ideas = random.int(0...20), shown = random.int(0...15)
            guard happened(day) else { continue }
            activities.append(["序号": .number(Double(activities.count + 1)), "活动日期": .date(LocalDateTime(year: day.year, month: day.month, day: day.day)),
                               "活动类型": .string(kind), "活动名称": .string("\(town.name)\(kind == "其他" ? "青年联谊活动" : kind)"),
                               "参加人数": .number(Double(participants)), "走访青年数": .number(Double(visited)),
                               "收集意见建议数": .number(Double(ideas)), "亮明身份团员数": .number(Double(shown))])
        }
        // 优秀个人推荐
        var nominees: [[String: WritableValue]?] = []
        for _ in 0..<random.int(1...3) {
            let member = random.chance(0.7)
            let age = member ? random.int(18...27) : random.int(24...34)
            let birth = LedgerDate(year: reportDate.year - age - 1, month: random.int(1...12), day: random.int(1...28))!
            let name = random.personName(), sex = random.pick(["男", "女"]), organisation = random.pick(names)
            guard let founded = names.firstIndex(of: organisation), happened(days[founded]) else { continue }
            nominees.append(["姓名": .string(name), "性别": .string(sex),
                             "出生日期": .date(LocalDateTime(year: birth.year, month: birth.month, day: birth.day)),
                             "政治面貌": .string(member ? "共青团员" : "中共党员"), "所在团组织": .string(organisation),
                             "主要事迹": .string("积极参与\(town.name)青年工作,带领青年开展志愿服务和政策宣讲。")])
        }
        func table(_ sheet: String, _ rows: [[String: WritableValue]?]) -> TableContent {
            TableContent(columnOrder: SampleGenerator.requiredColumns[sheet]!, rows: rows)
        }
        content.tables = [
            "直属团组织": table("直属团组织", organisations), "调查摸底": table("调查摸底", survey), "活动开展": table("活动开展", activities),
            "周交账": table("周交账", weekly), "挂点包干": table("挂点包干", cadreRows), "优秀个人推荐": table("优秀个人推荐", nominees),
        ]
        return content
    }
}
