/// Small helpers shared by the sandboxes' pages and helper routes.
enum SandboxRules {
    /// API.md §1: an order id is 6–64 of `[A-Za-z0-9_-]` (also Toss's rule for `orderId`).
    static func isOrderId(_ text: String) -> Bool {
        (6...64).contains(text.utf8.count) && text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "_"), UInt8(ascii: "-"): true
            default: false
            }
        }
    }

    static func isWebURL(_ text: String) -> Bool {
        (text.hasPrefix("http://") || text.hasPrefix("https://")) && text.utf8.count <= 2048
            && !text.utf8.contains { $0 < 0x21 || $0 == 0x7F }
    }
}

enum SandboxHTML {
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    static func document(title: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>\(escape(title))</title>
        <meta name="viewport" content="width=device-width, initial-scale=1"></head>
        <body>
        \(body)
        </body>
        </html>
        """
    }
}

/// An `application/x-www-form-urlencoded` body.
struct FormBody {
    private var fields: [String: String] = [:]

    init(_ body: [UInt8]) {
        for pair in body.split(separator: UInt8(ascii: "&")) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentDecoding.decode(Substring(decoding: parts[0], as: UTF8.self), plusIsSpace: true)
            let value = parts.count > 1 ? PercentDecoding.decode(Substring(decoding: parts[1], as: UTF8.self), plusIsSpace: true) : ""
            if let name, let value, fields[name] == nil { fields[name] = value }
        }
    }

    subscript(name: String) -> String? { fields[name] }
}
