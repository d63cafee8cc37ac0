import FoundationEssentials
import HTTPServer
import Marketplace

extension Request {
    /// What a body's fields that the DTO does not know mean.
    enum UnknownFields {
        /// 400 `INVALID_REQUEST` naming each one (docs/API.md §12): every `/api/v1` route.
        case refused
        /// Skipped, as the gateways the sandboxes mimic skip them (their SDKs send extras).
        case ignored
    }

    /// The body decoded as `T` with FoundationEssentials' `JSONDecoder`; a failure becomes
    /// 400 `INVALID_REQUEST` naming the field (see `DecodingError.problem`). Before that, a
    /// field `T` has no key for (`StrictJSON`) is 400 `INVALID_REQUEST` naming each such
    /// field, unless `unknownFields` is `.ignored`. Handlers decode before they call any
    /// service, so a refused body changes nothing.
    func decodeJSON<T: Decodable>(_ type: T.Type, unknownFields: UnknownFields = .refused) throws -> T {
        guard !body.isEmpty else { throw HTTPError.invalidBody("This route needs a JSON body.") }
        let data = Data(body)
        if unknownFields == .refused {
            let unknown = StrictJSON.unknownFields(in: data, as: T.self)
            if !unknown.isEmpty {
                throw MarketplaceError.invalid(unknown.map { FieldIssue(field: $0, message: "is not a field of this request") },
                                               detail: "The body has fields this route does not take: \(unknown.joined(separator: ", ")).")
            }
        }
        return try JSONDecoder().decode(T.self, from: data)
    }
}
