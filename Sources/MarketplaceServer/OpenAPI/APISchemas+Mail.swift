extension APISchemas {
    /// The mail queue (docs/API.md §10).
    static var mail: [(String, Schema)] {
        [
            ("Mail", .object([
                ("id", .string(pattern: "^mail_[0-9A-Za-z]+$")), ("to", .string(format: "email")), ("subject", .string()),
                ("kind", .string()), ("locale", .string(values: ["ko", "en"])),
                ("status", .string(values: ["QUEUED", "SENT", "FAILED"])), ("attempts", .integer(minimum: 0)),
                ("lastError", .nullable(.string())), ("nextAttemptAt", .nullable(time)), ("createdAt", time),
                ("sentAt", .nullable(time)),
            ], required: ["id", "to", "subject", "kind", "locale", "status", "attempts", "lastError", "nextAttemptAt",
                          "createdAt", "sentAt"])),
            ("MailPage", .page(of: .ref("Mail"))),
        ]
    }
}
