/// The Kakao Pay error codes the adapter and the sandbox agree on (modelled on Kakao's
/// published list; negative integers in `error_code`).
public enum KakaoPayCodes {
    public static let invalidParameter = -2
    public static let unauthorized = -401
    public static let notAuthenticated = -701
    public static let alreadyApproved = -702
    public static let tokenMismatch = -703
    public static let orderMismatch = -706
    public static let unknownTid = -721
    public static let cancelAmount = -725
    public static let notCancelable = -726
    public static let approvalFailure = -780
}
