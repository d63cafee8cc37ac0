import Marketplace

extension User {
    /// The columns `init(row:)` reads, for `SELECT \(User.columns) FROM users`.
    static let columns = "id, email, name, phone, role, status, email_verified, created_at, locale"

    init(row: Row) throws {
        let role = try row.string("role"), status = try row.string("status")
        guard let parsedRole = Role(rawValue: role), let parsedStatus = UserStatus(rawValue: status) else {
            // The schema's CHECKs make this unreachable short of a hand-edited database.
            throw SQLiteError(extendedCode: SQLite3.Code.mismatch, message: "users row holds an unknown role or status")
        }
        self.init(id: UserID(rawValue: try row.int64("id")), email: try row.string("email"), name: try row.string("name"),
                  phone: try row.stringOrNil("phone"), role: parsedRole, status: parsedStatus,
                  emailVerified: try row.bool("email_verified"),
                  createdAt: EpochMilliseconds.seconds(try row.int64("created_at")),
                  locale: MailLocale(rawValue: try row.string("locale")) ?? .ko)
    }
}
