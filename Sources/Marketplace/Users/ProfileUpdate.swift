/// What `PATCH /me` changes: each field given, and only those (docs/API.md §2, §10).
public struct ProfileUpdate: Sendable, Equatable {
    public let name: String?
    public let phone: String?
    public let locale: MailLocale?

    /// Checks each given field by the signup rules; throws 400 naming every bad one.
    public init(name: String?, phone: String?, locale: String?) throws {
        var issues: [FieldIssue] = []
        if let name { issues += AccountRules.nameIssues(name) }
        if let phone { issues += AccountRules.phoneIssues(phone) }
        let parsed = locale.flatMap(MailLocale.init(rawValue:))
        if locale != nil && parsed == nil { issues.append(FieldIssue(field: "locale", message: "must be ko or en")) }
        guard issues.isEmpty else { throw MarketplaceError.invalid(issues) }
        self.name = name
        self.phone = phone
        self.locale = parsed
    }
}
