/// Why a request's Signature V4 does not hold, as S3 names it: the code, the HTTP status and
/// a message for S3's XML error body.
public struct SigV4Error: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: String
    public let status: Int
    public let message: String

    public init(_ code: String, _ status: Int, _ message: String) {
        self.code = code
        self.status = status
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    static func accessDenied(_ message: String) -> SigV4Error { SigV4Error("AccessDenied", 403, message) }
    static func headerMalformed(_ message: String) -> SigV4Error {
        SigV4Error("AuthorizationHeaderMalformed", 400, "The authorization header is malformed; \(message)")
    }
    static func queryMalformed(_ message: String) -> SigV4Error {
        SigV4Error("AuthorizationQueryParametersError", 400, message)
    }
    static let signatureMismatch = SigV4Error(
        "SignatureDoesNotMatch", 403,
        "The request signature we calculated does not match the signature you provided. Check your key and signing method.")
    static let unknownKey = SigV4Error("InvalidAccessKeyId", 403, "The AWS Access Key Id you provided does not exist in our records.")
    static let skewed = SigV4Error("RequestTimeTooSkewed", 403,
                                   "The difference between the request time and the current time is too large (over 15 minutes).")
}

/// `yyyyMMdd'T'HHmmss'Z'` (the form of `X-Amz-Date`) to and from Unix seconds, UTC.
public enum AmzDate {
    public static func parse(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8), let hour = number(9..<11),
              let minute = number(11..<13), let second = number(13..<15),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        return days(year: year, month: month, day: day) * 86400 + hour * 3600 + minute * 60 + second
    }

    public static func format(unixSeconds: Int64) -> String {
        let (year, month, day) = civil(days: unixSeconds.floorDiv(86400))
        let rest = unixSeconds - unixSeconds.floorDiv(86400) * 86400
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)\(two(month))\(two(day))T\(two(rest / 3600))\(two(rest / 60 % 60))\(two(rest % 60))Z"
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = y.floorDiv(400)
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civil(days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719468
        let era = z.floorDiv(146097)
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Int64 {
    fileprivate func floorDiv(_ divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
