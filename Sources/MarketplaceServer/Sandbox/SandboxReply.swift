import FoundationEssentials
import HTTPServer

/// What a sandbox answers: a status and a JSON body, in the gateway's own shapes.
struct SandboxReply: Sendable, Codable, Equatable {
    var status: Int
    var body: String

    var response: Response {
        Response.json(Array(body.utf8), status: status)
    }

    static func json(_ status: Int, _ build: (inout JSONWriter) -> Void) -> SandboxReply {
        var json = JSONWriter()
        build(&json)
        return SandboxReply(status: status, body: String(decoding: json.bytes, as: UTF8.self))
    }
}

/// Random ids in the gateways' alphabets.
enum SandboxIDs {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    private static let upperDigits = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

    static func make(_ prefix: String, length: Int, upper: Bool = false) -> String {
        let letters = upper ? upperDigits : alphabet
        var generator = SystemRandomNumberGenerator()
        return prefix + String((0..<max(0, length - prefix.count)).map { _ in letters[Int(generator.next() % UInt64(letters.count))] })
    }

    /// `count` random decimal digits (the card company's approval numbers).
    static func digits(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in Character(String(generator.next() % 10)) })
    }
}

/// A JSON object sandboxes read loosely, to answer malformed bodies in the gateway's own error shape.
struct SandboxJSON {
    let object: [String: ConfigJSONValue]

    init?(_ body: [UInt8]) {
        // JSONSerialization is not in FoundationEssentials: the config file's generic JSON value serves.
        guard let object = try? JSONDecoder().decode([String: ConfigJSONValue].self, from: Data(body)) else { return nil }
        self.object = object
    }

    func string(_ key: String) -> String? {
        guard case .string(let value) = object[key], !value.isEmpty else { return nil }
        return value
    }

    /// An integer, also when sent as a numeric string (Kakao's form-era clients do).
    func int(_ key: String) -> Int64? {
        switch object[key] {
        case .integer(let number): Int64(number)
        case .string(let text): Int64(text)
        default: nil
        }
    }
}
