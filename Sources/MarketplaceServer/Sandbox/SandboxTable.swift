import FoundationEssentials

/// One journal line: `{"t": table, "k": key, "v": value}`, `v` null for a removal.
struct SandboxJournalLine<Value: Codable>: Codable {
    var t: String
    var k: String
    var v: Value?
}

/// A line's table and key, read before its value's type is known.
struct SandboxJournalHeader: Decodable {
    var t: String
    var k: String
}

/// A keyed table of a sandbox's state that remembers which keys changed since the store
/// last journaled it, so a change costs one line per touched row, never a rewrite of the
/// whole state. It encodes as a plain JSON object (the shape of the older `<name>.json` files).
struct SandboxTable<Value: Codable & Sendable>: Codable, Sendable {
    private(set) var rows: [String: Value] = [:]
    private var touched: Set<String> = []

    init() {}

    init(from decoder: any Decoder) throws {
        rows = try [String: Value](from: decoder)
    }

    func encode(to encoder: any Encoder) throws {
        try rows.encode(to: encoder)
    }

    subscript(key: String) -> Value? {
        get { rows[key] }
        set {
            rows[key] = newValue
            touched.insert(key)
        }
    }

    var values: Dictionary<String, Value>.Values { rows.values }
    var count: Int { rows.count }

    /// The lines for the rows changed since the last call, named `table`; forgets the changes.
    mutating func takeLines(_ table: String, _ encoder: JSONEncoder) throws -> [Data] {
        defer { touched.removeAll(keepingCapacity: true) }
        return try touched.map { key in try encoder.encode(SandboxJournalLine(t: table, k: key, v: rows[key])) }
    }

    /// Every row as a line (a compacted journal).
    func allLines(_ table: String, _ encoder: JSONEncoder) throws -> [Data] {
        try rows.map { key, value in try encoder.encode(SandboxJournalLine(t: table, k: key, v: value)) }
    }

    /// Applies one line read back from the journal (not marked as a change).
    mutating func replay(_ line: Data, _ decoder: JSONDecoder) throws {
        let entry = try decoder.decode(SandboxJournalLine<Value>.self, from: line)
        rows[entry.k] = entry.v
    }
}

/// An append-only list of a sandbox's state (the card company's message log), journaled by
/// the entries appended since the last journal write.
struct SandboxLog<Value: Codable & Sendable>: Codable, Sendable {
    private(set) var entries: [Value] = []
    private var journaled = 0

    init() {}

    init(from decoder: any Decoder) throws {
        entries = try [Value](from: decoder)
    }

    func encode(to encoder: any Encoder) throws {
        try entries.encode(to: encoder)
    }

    mutating func append(_ value: Value) { entries.append(value) }

    mutating func takeLines(_ table: String, _ encoder: JSONEncoder) throws -> [Data] {
        defer { journaled = entries.count }
        return try entries[journaled...].enumerated().map { offset, value in
            try encoder.encode(SandboxJournalLine(t: table, k: String(journaled + offset), v: value))
        }
    }

    func allLines(_ table: String, _ encoder: JSONEncoder) throws -> [Data] {
        try entries.enumerated().map { offset, value in
            try encoder.encode(SandboxJournalLine(t: table, k: String(offset), v: value))
        }
    }

    mutating func replay(_ line: Data, _ decoder: JSONDecoder) throws {
        let entry = try decoder.decode(SandboxJournalLine<Value>.self, from: line)
        if let value = entry.v { entries.append(value) }
        journaled = entries.count
    }
}

/// A sandbox's state as tables the store journals row by row.
protocol SandboxJournaled: Codable, Sendable {
    init()
    /// The lines for what changed since the last call (the store appends them), forgetting it.
    mutating func takeLines(_ encoder: JSONEncoder) throws -> [Data]
    /// Every row's line: what a compacted journal holds.
    func allLines(_ encoder: JSONEncoder) throws -> [Data]
    /// Applies a line of table `table` read back from the journal.
    mutating func replay(table: String, line: Data, _ decoder: JSONDecoder) throws
}
