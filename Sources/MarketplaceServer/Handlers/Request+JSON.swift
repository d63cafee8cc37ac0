import FoundationEssentials
import HTTPServer

extension Request {
    /// The body decoded as `T` with FoundationEssentials' `JSONDecoder`; a failure becomes
    /// 400 `INVALID_REQUEST` naming the field (see `DecodingError.problem`).
    func decodeJSON<T: Decodable>(_ type: T.Type) throws -> T {
        guard !body.isEmpty else { throw HTTPError.invalidBody("This route needs a JSON body.") }
        return try JSONDecoder().decode(T.self, from: Data(body))
    }
}
