/// The admin listing's filters (`GET /admin/users?role=&status=`), oldest account first.
public struct UserQuery: Sendable, Equatable {
    /// Only accounts of this role.
    public var role: Role?
    /// Only accounts in this status.
    public var status: UserStatus?
    /// Which page.
    public var page: PageRequest

    /// Creates a query; nil filters match everything.
    public init(role: Role? = nil, status: UserStatus? = nil, page: PageRequest = PageRequest()) {
        self.role = role
        self.status = status
        self.page = page
    }
}
