import Marketplace
import FoundationEssentials

/// The gateways' timestamps: Toss writes ISO 8601 with the Korean offset
/// (`2024-02-13T12:18:14+09:00`), Kakao Pay Korean time without one (`2024-02-13T12:18:14`).
public enum GatewayTime {
    /// Seconds since the Unix epoch of an ISO 8601 date-time with an offset or `Z`; a time
    /// without one (Kakao Pay's `2024-02-13T12:18:14`) is read as Korean time (+09:00).
    public static func parse(_ text: String) -> Double? {
        let hasZone = text.hasSuffix("Z") || text.dropFirst(19).contains(where: { $0 == "+" || $0 == "-" })
        let full = hasZone ? text : text + "+09:00"
        if let date = try? Date(full, strategy: .iso8601) { return date.timeIntervalSince1970 }
        let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        return (try? Date(full, strategy: fractional))?.timeIntervalSince1970
    }

    /// `2024-02-13T12:18:14+09:00` for Unix seconds, as Toss prints times.
    public static func korean(_ seconds: Double) -> String {
        let shifted = RFC3339.format(seconds + 9 * 3600)
        return String(shifted.dropLast()) + "+09:00"
    }

    /// `2024-02-13T12:18:14` (Korean time, no offset), as Kakao Pay prints times.
    public static func koreanLocal(_ seconds: Double) -> String {
        String(RFC3339.format(seconds + 9 * 3600).dropLast())
    }
}
