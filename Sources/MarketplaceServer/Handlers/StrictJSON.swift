import FoundationEssentials

/// Unknown fields of a JSON body (docs/API.md §12): a key that the route's DTO has no `CodingKey`
/// for. The DTO is the one source of truth, and the compiler keeps it true: its `CodingKeys`
/// (synthesized from its properties, or the enum its `init(from:)` reads) are exactly what it
/// decodes, nested DTOs and arrays included, so a field added to a DTO is accepted at once and
/// a typo (`taxfree`) never is. (The OpenAPI request schemas say `additionalProperties: false`
/// to match.)
///
/// JSONDecoder cannot tell which keys it skipped, so the body is decoded first as the DTO by
/// `AuditDecoder` over the parsed JSON tree: every object it is asked to read as a container
/// keyed by `Key` reports, as soon as the container is made, the keys `Key(stringValue:)`
/// refuses. So a body's unknown top-level fields are found even when another field is wrong
/// (a typo such as `quantiy` is the cause of "quantity is required", and is named instead).
enum StrictJSON {
    /// The dotted paths (`shippingAddress.zipcode`, `items[0].qty`) of `data`'s keys that
    /// decoding `T` has no key for, sorted; empty when `data` is not JSON at all (JSONDecoder
    /// then says what is wrong). Keys inside a part that fails to decode are not reached.
    static func unknownFields<T: Decodable>(in data: Data, as type: T.Type) -> [String] {
        guard let tree = try? JSONDecoder().decode(JSONTree.self, from: data) else { return [] }
        let audit = KeyAudit()
        _ = try? T(from: AuditDecoder(value: tree, codingPath: [], audit: audit))
        return audit.unknown.sorted()
    }
}

/// A parsed JSON value.
private enum JSONTree: Decodable {
    case null, bool(Bool), integer(Int64), number(Double), string(String)
    case array([JSONTree]), object([String: JSONTree])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // JSONDecoder refuses Bool for numbers and Int64 for 1.5: the first that decodes is what was sent.
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int64.self) { self = .integer(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONTree].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONTree].self)) }
    }
}

/// What the audit found; one per body, confined to the decoding call.
private final class KeyAudit {
    var unknown: [String] = []
}

private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { String(intValue ?? 0) }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct AuditDecoder: Decoder {
    let value: JSONTree
    let codingPath: [any CodingKey]
    let audit: KeyAudit
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw mismatch([String: Any].self, codingPath) }
        for name in members.keys where Key(stringValue: name) == nil {
            audit.unknown.append(DecodingError.path(codingPath + [AnyKey(name)]))
        }
        return KeyedDecodingContainer(AuditKeyedContainer<Key>(members: members, codingPath: codingPath, audit: audit))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = value else { throw mismatch([Any].self, codingPath) }
        return AuditUnkeyedContainer(items: items, codingPath: codingPath, audit: audit)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        AuditSingleValue(value: value, codingPath: codingPath, audit: audit)
    }
}

private struct AnyKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

private func mismatch(_ type: Any.Type, _ path: [any CodingKey]) -> DecodingError {
    .typeMismatch(type, .init(codingPath: path, debugDescription: "not the JSON type the request decoded as"))
}

private struct AuditKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONTree]
    let codingPath: [any CodingKey]
    let audit: KeyAudit

    var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }
    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    private func child(_ key: Key) throws -> AuditDecoder {
        guard let value = members[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "absent"))
        }
        return AuditDecoder(value: value, codingPath: codingPath + [key], audit: audit)
    }

    private func value<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T { try T(from: child(key)) }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try child(key).value { return true }
        return false
    }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try value(type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try value(type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try value(type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try value(type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try value(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try value(type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try value(type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try value(type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try value(type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try value(type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try value(type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try value(type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try value(type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try value(type, key) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try value(type, key) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey> {
        try child(key).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try child(key).unkeyedContainer() }
    func superDecoder() throws -> any Decoder { AuditDecoder(value: .object(members), codingPath: codingPath, audit: audit) }
    func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }
}

private struct AuditUnkeyedContainer: UnkeyedDecodingContainer {
    let items: [JSONTree]
    let codingPath: [any CodingKey]
    let audit: KeyAudit
    private(set) var currentIndex = 0

    init(items: [JSONTree], codingPath: [any CodingKey], audit: KeyAudit) {
        self.items = items
        self.codingPath = codingPath
        self.audit = audit
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next() throws -> AuditDecoder {
        guard !isAtEnd else { throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "at end")) }
        defer { currentIndex += 1 }
        return AuditDecoder(value: items[currentIndex], codingPath: codingPath + [IndexKey(currentIndex)], audit: audit)
    }

    private mutating func value<T: Decodable>(_ type: T.Type) throws -> T { try T(from: next()) }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, case .null = items[currentIndex] else { return false }
        currentIndex += 1
        return true
    }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try value(type) }
    mutating func decode(_ type: String.Type) throws -> String { try value(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try value(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try value(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try value(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try value(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try value(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try value(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try value(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try value(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try value(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try value(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try value(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try value(type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try value(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next() }
}

/// A scalar, converted exactly as JSONDecoder did for the first decode.
private struct AuditSingleValue: SingleValueDecodingContainer {
    let value: JSONTree
    let codingPath: [any CodingKey]
    let audit: KeyAudit

    func decodeNil() -> Bool {
        if case .null = value { return true }
        return false
    }
    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let flag) = value else { throw mismatch(type, codingPath) }
        return flag
    }
    func decode(_ type: String.Type) throws -> String {
        guard case .string(let text) = value else { throw mismatch(type, codingPath) }
        return text
    }
    func decode(_ type: Double.Type) throws -> Double { try floating(type) }
    func decode(_ type: Float.Type) throws -> Float { try floating(type) }
    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try T(from: AuditDecoder(value: value, codingPath: codingPath, audit: audit))
    }

    private func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        switch value {
        case .integer(let number): if let exact = T(exactly: number) { return exact }
        case .number(let number): if let exact = T(exactly: number) { return exact }
        default: break
        }
        throw mismatch(type, codingPath)
    }

    private func floating<T: BinaryFloatingPoint>(_ type: T.Type) throws -> T {
        switch value {
        case .integer(let number): return T(number)
        case .number(let number): return T(number)
        default: throw mismatch(type, codingPath)
        }
    }
}
