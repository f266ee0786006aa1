import Mustache

/// A page's model as the templates read it: every struct (and class) turned, once, into a
/// dictionary of its fields, arrays into arrays of such, optionals into their value or nothing;
/// other values (strings, numbers, truth values, enums) as they are.
///
/// swift-mustache finds a name in a struct through `Mirror`, reflecting again at every
/// lookup and up the whole stack of enclosing objects for each name an inner object lacks: at
/// hundreds of towns that was most of the district page's time. A dictionary answers a name by
/// hashing (`Dictionary` is a `MustacheParent`), and the template renders the same text: a
/// missing key and a nil optional both read as nothing, and the lookup climbs the stack for
/// either.
///
/// A type repeated thousands of times on a page (the bulletin's rows) answers its names itself
/// (`MustacheParent`) and is passed on as it is: reflecting on each of them took half of
/// rendering a bulletin of 5,000 towns.
enum TemplateModel {
    static func tree(_ value: Any) -> Any? {
        if value is MustacheParent { return value }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            return mirror.children.first.flatMap { tree($0.value) }
        case .struct, .class:
            var fields: [String: Any] = [:]
            var current: Mirror? = mirror
            while let level = current {
                for child in level.children {
                    if let label = child.label, fields[label] == nil, let field = tree(child.value) { fields[label] = field }
                }
                current = level.superclassMirror
            }
            return fields
        case .collection:
            return mirror.children.compactMap { tree($0.value) }
        default:
            return value
        }
    }
}

extension BulletinRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "town": return town
        case "leaders": return leaders
        case "weekNew": return weekNew
        case "founded": return founded
        case "target": return target
        case "share": return share
        case "milestones": return milestones
        case "report": return report
        case "rank": return rank
        default: return nil
        }
    }
}

extension BulletinCell: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "label": return label
        case "flagged": return flagged
        default: return nil
        }
    }
}
