import Marketplace
import Glibc
import Synchronization
import HTTPServer

/// JSON lines on stderr (time, level, message, requestId and fields). Lines are gathered
/// in memory and written by a background thread every 100 ms, so a request never waits
/// on a write to stderr; warnings and errors are written at once.
final class Logger: Sendable {
    enum Level: Int, Sendable, Comparable {
        case debug, info, warn, error

        init?(name: String) {
            switch name.lowercased() {   // log.level takes swift-log's names
            case "trace", "debug": self = .debug
            case "info", "notice": self = .info
            case "warn", "warning": self = .warn
            case "error", "critical": self = .error
            default: return nil
            }
        }

        var name: String { ["debug", "info", "warn", "error"][rawValue] }
        static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    /// A field's value; strings are escaped, numbers written as numbers.
    enum Value: Sendable {
        case string(String)
        case int(Int)
        case double(Double)
    }

    let minimum: Level
    private let pending = Mutex<[UInt8]>([])
    private let fd: Int32

    init(minimum: Level, fd: Int32 = 2, background: Bool = true) {
        self.minimum = minimum
        self.fd = fd
        if background {
            PThread.spawn(name: "log-flush") { [weak self] in
                while let logger = self {
                    logger.flush()
                    usleep(100_000)
                }
            }
        }
    }

    func enabled(_ level: Level) -> Bool { level >= minimum }

    func log(_ level: Level, _ message: String, requestID: String? = nil, _ fields: [(String, Value)] = []) {
        guard level >= minimum else { return }
        var json = JSONWriter(capacity: 192)
        json.beginObject()
        json.member("time", Self.timestamp())
        json.member("level", level.name)
        json.member("message", message)
        if let requestID { json.member("requestId", requestID) }
        for (name, value) in fields {
            switch value {
            case .string(let text): json.member(name, text)
            case .int(let number): json.member(name, number)
            case .double(let number): json.key(name); json.raw(Array(String(number).utf8))
            }
        }
        json.endObject()
        var line = json.bytes
        line.append(10)
        pending.withLock { $0.append(contentsOf: line) }
        if level >= .warn { flush() }
    }

    func info(_ message: String, _ fields: [(String, Value)] = []) { log(.info, message, fields) }
    func warn(_ message: String, _ fields: [(String, Value)] = []) { log(.warn, message, fields) }
    func error(_ message: String, _ fields: [(String, Value)] = []) { log(.error, message, fields) }

    /// Writes whatever is pending.
    func flush() {
        let bytes = pending.withLock { buffer -> [UInt8] in
            defer { buffer = [] }
            return buffer
        }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if written <= 0 { break }
            offset += written
        }
    }

    /// RFC 3339 UTC with milliseconds.
    static func timestamp() -> String {
        let (unix, millis) = Sys.wallClock()
        return RFC3339.format(Double(unix), millis: millis)
    }
}
