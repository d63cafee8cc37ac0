import Marketplace
import HTTPServer

/// `/api/v1/admin/users` (docs/API.md §2): listing and suspension, ADMIN only.
enum AdminUserRoutes {
    static let tag = "admin"
    static let maxPageSize = 100

    static func register(on router: inout Router, admin: UserAdminService) {
        router.add(.get, "/api/v1/admin/users", access: .role(.admin), doc: OperationDoc(
            "List accounts, oldest first", tag: tag,
            query: [
                .init(name: "role", schema: .string(values: APISchemas.roleValues)),
                .init(name: "status", schema: .string(values: APISchemas.statusValues)),
            ] + OperationDoc.paging(maxSize: maxPageSize),
            replies: [
                .json(200, "a page of accounts", .ref("UserPage")),
                .problem(400, "INVALID_PARAMETER: unknown role or status, page < 1, size outside 1–100"),
            ])) { request, principal in
            let query = UserQuery(role: try request.enumQuery("role", as: Role.self),
                                  status: try request.enumQuery("status", as: UserStatus.self),
                                  page: try request.pageRequest(maxSize: maxPageSize))
            let page = try await admin.list(query, by: principal)
            return Response.json(PageResponse.body(page) { user, json in UserResponse.write(user, into: &json) })
        }

        router.add(.patch, "/api/v1/admin/users/{id}", access: .role(.admin), doc: OperationDoc(
            "Suspend or reinstate an account; suspension revokes its tokens at once, takes a seller's products out of the "
                + "public catalog and pauses the account's webhook deliveries, until it is reinstated", tag: tag,
            body: ("application/json", .ref("UpdateUserStatusRequest")), replies: [
                .json(200, "the updated account", .ref("User")),
                .problem(400, "INVALID_REQUEST: status is not ACTIVE or SUSPENDED"),
                .problem(404, "USER_NOT_FOUND"),
                .problem(409, "CANNOT_SUSPEND_SELF"),
            ])) { request, principal in
            guard let text = request.parameters["id"], let raw = Int64(text), raw > 0 else {
                throw MarketplaceError.notFound(code: "USER_NOT_FOUND", detail: "No account has this id.")
            }
            let status = try request.decodeJSON(UpdateUserStatusRequest.self).validated()
            let user = try await admin.setStatus(status, of: UserID(rawValue: raw), by: principal)
            return Response.json(UserResponse.body(user))
        }
    }
}
