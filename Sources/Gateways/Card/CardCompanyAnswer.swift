public import FoundationEssentials
import Marketplace

/// The card company's JSON answer, read strictly: `{"approved": true, "approvalNumber": "…",
/// "approvedAt": "<ISO 8601>"}` or `{"approved": false, "code": "…", "message": "…"}`.
/// Anything else — another shape, a missing or empty field, an unreadable time, a 400
/// that claims an approval — is no answer: `GatewayError.unreadable`.
public enum CardCompanyAnswer {
    /// What the company decided.
    public enum Decision: Sendable, Equatable {
        case approved(approvalNumber: String, approvedAt: Double)
        case declined(code: String, message: String)
    }

    /// Decline codes the adapter gives a meaning to (the sandbox answers them).
    public static let exceedsBalance = "EXCEEDS_BALANCE"
    public static let originalNotFound = "ORIGINAL_NOT_FOUND"
    public static let invalidVat = "INVALID_VAT"

    private struct Body: Decodable {
        let approved: Bool
        let approvalNumber: String?
        let approvedAt: String?
        let code: String?
        let message: String?
    }

    public static func decide(_ body: Data, status: Int) throws -> Decision {
        guard let answer = try? JSONDecoder().decode(Body.self, from: body) else {
            throw GatewayError.unreadable("the card company answered \(status) with a body that is not its answer")
        }
        if answer.approved {
            guard status == 200, let number = answer.approvalNumber, !number.isEmpty,
                  let at = answer.approvedAt.flatMap(GatewayTime.parse) else {
                throw GatewayError.unreadable("the card company's approval lacks an approval number or time")
            }
            return .approved(approvalNumber: number, approvedAt: at)
        }
        guard let code = answer.code, !code.isEmpty, let message = answer.message else {
            throw GatewayError.unreadable("the card company's decline lacks a code or message")
        }
        return .declined(code: code, message: message)
    }
}
