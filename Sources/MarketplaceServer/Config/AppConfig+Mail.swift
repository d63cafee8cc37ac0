import Glibc

extension AppConfig {
    /// `mail.*` (docs/API.md §10): how queued mail leaves the server.
    struct Mail: Sendable, Equatable {
        /// `file` (the `.eml` outbox under `storage.dataDir`) or `smtp`.
        var transport = "file"
        /// The `From` header; its address is the envelope sender.
        var from = "Marketplace <no-reply@localhost>"
        /// Seconds before each retry of a transient failure; after the last, FAILED.
        var retrySchedule = [60, 300, 1800, 7200, 21_600]
        var smtp = SMTP()

        struct SMTP: Sendable, Equatable {
            var host = "localhost"
            var port = 587
            /// `starttls`, `tls` (implicit) or `none` (loopback hosts only).
            var security = "starttls"
            var username: String?
            var password: String?
            /// PEM file of trusted CAs; nil: the system trust store.
            var caFile: String?
            /// Seconds for each step (connect, handshake, each command's reply).
            var timeout = 30
        }

        static let transports = ["file", "smtp"]
        static let securities = ["starttls", "tls", "none"]

        /// Ranges and the combinations that would leak mail or credentials, each naming its key.
        func validate() throws {
            guard Self.transports.contains(transport) else {
                throw ConfigError.invalidValue(key: "mail.transport", reason: "must be file or smtp (got \"\(transport)\")")
            }
            let address = Self.address(of: from)
            guard address.contains("@"), !address.contains(" "), !from.contains("\r"), !from.contains("\n") else {
                throw ConfigError.invalidValue(key: "mail.from", reason: "must be an address or Name <address> (got \"\(from)\")")
            }
            guard !retrySchedule.isEmpty, retrySchedule.allSatisfy({ (0...604_800).contains($0) }) else {
                throw ConfigError.invalidValue(key: "mail.retrySchedule", reason: "must list delays of 0–604800 seconds")
            }
            guard transport == "smtp" else { return }
            guard !smtp.host.isEmpty else { throw ConfigError.invalidValue(key: "mail.smtp.host", reason: "must not be empty") }
            guard (1...65_535).contains(smtp.port) else {
                throw ConfigError.invalidValue(key: "mail.smtp.port", reason: "must be 1–65535 (got \(smtp.port))")
            }
            guard Self.securities.contains(smtp.security) else {
                throw ConfigError.invalidValue(key: "mail.smtp.security", reason: "must be starttls, tls or none (got \"\(smtp.security)\")")
            }
            if smtp.security == "none" && !Self.isLoopback(smtp.host) {
                throw ConfigError.invalidValue(
                    key: "mail.smtp.security",
                    reason: "none sends mail and credentials in clear; it is allowed only to a loopback host (got \(smtp.host))")
            }
            if smtp.username != nil && (smtp.password ?? "").isEmpty {
                throw ConfigError.invalidValue(key: "mail.smtp.password", reason: "must be set when mail.smtp.username is")
            }
            if smtp.password == AppConfig.placeholder {
                throw ConfigError.invalidValue(key: "mail.smtp.password", reason: "is still the placeholder \(AppConfig.placeholder)")
            }
            if let file = smtp.caFile, access(file, R_OK) != 0 {
                throw ConfigError.invalidValue(key: "mail.smtp.caFile", reason: "cannot be read (\(file))")
            }
            guard (1...600).contains(smtp.timeout) else {
                throw ConfigError.invalidValue(key: "mail.smtp.timeout", reason: "must be 1–600 seconds (got \(smtp.timeout))")
            }
        }

        static func address(of from: String) -> String {
            guard let open = from.lastIndex(of: "<"), let close = from.lastIndex(of: ">"), open < close else { return from }
            return String(from[from.index(after: open)..<close])
        }

        /// `localhost`, 127.0.0.0/8 or ::1.
        static func isLoopback(_ host: String) -> Bool {
            let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
            return bare.lowercased() == "localhost" || bare == "::1" || bare.hasPrefix("127.")
        }
    }
}
