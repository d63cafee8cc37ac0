/// Header fields in arrival order; names compare case-insensitively (RFC 9110 §5.1).
///
/// A response's headers may also hold one `FieldTemplate` with its two numbers: those fields
/// read like any other (lookups, iteration; after the listed fields) and cost no entry.
public struct HTTPHeaders: Sendable, Sequence {
    private(set) var fields: [(name: String, value: String)] = []
    /// The templated fields and their numbers (`setTemplate`).
    private(set) var template: TemplatedFields?

    public init() {}

    public init(_ fields: [(String, String)]) {
        self.fields = fields.map { (name: $0.0, value: $0.1) }
    }

    public var count: Int { fields.count + (template?.fields.fields.count ?? 0) }

    /// The first value of `name`, or nil.
    public subscript(name: String) -> String? {
        for field in fields where field.name.equalsIgnoringASCIICase(name) { return field.value }
        guard let template, template.fields.fields.contains(where: { $0.name.equalsIgnoringASCIICase(name) }) else { return nil }
        return values(name).first
    }

    /// Every value of `name`, in order.
    public func values(_ name: String) -> [String] {
        all.filter { $0.name.equalsIgnoringASCIICase(name) }.map(\.value)
    }

    /// Sets the templated fields (replacing any set before) with their two numbers, both
    /// non-negative. Fields of the same names added otherwise would be sent as well.
    public mutating func setTemplate(_ fields: FieldTemplate, _ first: Int, _ second: Int) {
        template = TemplatedFields(fields: fields, first: Swift.max(0, first), second: Swift.max(0, second))
    }

    public mutating func add(_ name: String, _ value: String) { fields.append((name, value)) }

    /// Replaces every field called `name` with one.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        fields.append((name, value))
    }

    /// Removes every field called `name`; a template holding such a field goes as a whole.
    public mutating func remove(_ name: String) {
        fields.removeAll { $0.name.equalsIgnoringASCIICase(name) }
        if let template, template.fields.fields.contains(where: { $0.name.equalsIgnoringASCIICase(name) }) { self.template = nil }
    }

    public func contains(_ name: String) -> Bool { self[name] != nil }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { all.makeIterator() }

    /// The listed fields, then the templated ones rendered.
    private var all: [(name: String, value: String)] {
        guard let template else { return fields }
        return fields + template.fields.rendered(template.first, template.second)
    }
}

/// A `FieldTemplate` with its two numbers (a struct, not a tuple: copies of a response's
/// headers then take no generic tuple witnesses).
struct TemplatedFields: Sendable {
    let fields: FieldTemplate
    let first: Int
    let second: Int
}

extension String {
    /// ASCII case-insensitive equality, without allocating (header names are ASCII tokens).
    public func equalsIgnoringASCIICase(_ other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }   // O(1) on native strings; most names differ here
        var a = utf8.makeIterator(), b = other.utf8.makeIterator()
        while true {
            switch (a.next(), b.next()) {
            case (nil, nil): return true
            case let (x?, y?):
                if x == y { continue }
                let lx = x | 0x20, ly = y | 0x20
                if lx != ly || lx < UInt8(ascii: "a") || lx > UInt8(ascii: "z") { return false }
            default: return false
            }
        }
    }
}
