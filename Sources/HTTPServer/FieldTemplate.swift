/// Header fields whose values change from response to response only by two integers — the
/// rate limit's `RateLimit-Policy` and `RateLimit`, say — made into head bytes once, so that a
/// response carries them as this shared template and two numbers (`HTTPHeaders.setTemplate`)
/// and `ResponseWriter` formats the numbers straight into the head: no `String` and no field
/// entry per response.
///
/// The values are written with `FieldTemplate.first` and `FieldTemplate.second` where the
/// numbers go, each exactly once and in that order:
///
///     FieldTemplate([("RateLimit-Policy", #""default";q=600;w=60"#),
///                    ("RateLimit", #""default";r=\#(FieldTemplate.first);t=\#(FieldTemplate.second)"#)])
public final class FieldTemplate: Sendable {
    /// Where the first and the second number go in a value.
    public static let first = "{first}"
    public static let second = "{second}"

    /// The fields as given, for reading them back as strings (`HTTPHeaders` lookups, iteration).
    let fields: [(name: String, value: String)]
    /// The head bytes around the numbers: `pieces.0` first `pieces.1` second `pieces.2`, every
    /// field as `Name: value\r\n`.
    let pieces: ([UInt8], [UInt8], [UInt8])

    /// Fields with both markers in their values, `first` before `second`; a template without
    /// them is a programming error.
    public init(_ fields: [(String, String)]) {
        self.fields = fields.map { (name: $0.0, value: $0.1) }
        let head = fields.map { "\($0.0): \($0.1)\r\n" }.joined()
        guard let one = head.firstRange(of: Self.first), let two = head.firstRange(of: Self.second), one.upperBound <= two.lowerBound,
              head[one.upperBound...].firstRange(of: Self.first) == nil, head[two.upperBound...].firstRange(of: Self.second) == nil
        else { preconditionFailure("a FieldTemplate holds \(Self.first) and then \(Self.second), once each: \(fields)") }
        pieces = (Array(head[..<one.lowerBound].utf8), Array(head[one.upperBound..<two.lowerBound].utf8), Array(head[two.upperBound...].utf8))
    }

    /// The fields with `first` and `second` in place, as strings (off the writer's path).
    func rendered(_ first: Int, _ second: Int) -> [(name: String, value: String)] {
        fields.map { field in
            (field.name, field.value.replacing(Self.first, with: String(first)).replacing(Self.second, with: String(second)))
        }
    }

    /// Appends the fields' head lines to `out`: the first piece, then the rest — two numbers
    /// and the pieces after them — assembled on the stack and appended in one copy.
    func write(_ first: Int, _ second: Int, into out: inout [UInt8]) {
        out.append(contentsOf: pieces.0)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40 + pieces.1.count + pieces.2.count) { buffer in
            var end = Self.digits(first, into: buffer, at: 0)
            end = Self.copy(pieces.1, into: buffer, at: end)
            end = Self.digits(second, into: buffer, at: end)
            end = Self.copy(pieces.2, into: buffer, at: end)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<end]))
        }
    }

    /// Writes a non-negative number's digits (at most 19) at `index`; returns the index after them.
    private static func digits(_ value: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at index: Int) -> Int {
        var rest = UInt(Swift.max(0, value)), count = 1
        while rest >= 10 { rest /= 10; count += 1 }
        rest = UInt(Swift.max(0, value))
        for position in stride(from: index + count - 1, through: index, by: -1) {
            buffer[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        }
        return index + count
    }

    private static func copy(_ bytes: [UInt8], into buffer: UnsafeMutableBufferPointer<UInt8>, at index: Int) -> Int {
        bytes.withUnsafeBufferPointer { source in
            _ = UnsafeMutableBufferPointer(rebasing: buffer[index...]).initialize(from: source)
        }
        return index + bytes.count
    }
}
