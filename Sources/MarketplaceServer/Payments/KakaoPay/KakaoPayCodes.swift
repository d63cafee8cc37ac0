/// The Kakao Pay error codes the adapter and the sandbox agree on (modelled on Kakao's
/// published list; negative integers in `error_code`).
enum KakaoPayCodes {
    static let invalidParameter = -2
    static let unauthorized = -401
    static let notAuthenticated = -701
    static let alreadyApproved = -702
    static let tokenMismatch = -703
    static let orderMismatch = -706
    static let unknownTid = -721
    static let cancelAmount = -725
    static let notCancelable = -726
    static let approvalFailure = -780
}
