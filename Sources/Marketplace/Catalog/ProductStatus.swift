/// Whether a product is listed. `DELETED` is a soft delete: gone from listings and carts,
/// kept for past orders' snapshots; clients never see it.
public enum ProductStatus: String, Sendable, CaseIterable {
    case onSale = "ON_SALE"
    case hidden = "HIDDEN"
    case deleted = "DELETED"
}
