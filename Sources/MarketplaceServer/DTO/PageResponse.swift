import Marketplace

/// `{items, page, size, totalItems, totalPages}` (docs/API.md §1).
enum PageResponse {
    static func body<Item>(_ page: Page<Item>, item: (Item, inout JSONWriter) -> Void) -> [UInt8] {
        var json = JSONWriter(capacity: 256 + page.items.count * 256)
        json.beginObject()
        json.key("items")
        json.beginArray()
        for entry in page.items { item(entry, &json) }
        json.endArray()
        json.member("page", page.page)
        json.member("size", page.size)
        json.member("totalItems", page.totalItems)
        json.member("totalPages", page.totalPages)
        json.endObject()
        return json.bytes
    }
}
