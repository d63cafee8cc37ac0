import Glibc
import Marketplace

extension FileBlobStore {
    /// `list`, on the store's queue: walks only the directories that can hold matching keys.
    func objects(in bucket: String, prefix: String) throws(BlobStoreError) -> [BlobObject] {
        // "products/12/ab" → start in products/12/, keep names starting with "ab".
        let directoryPart = prefix.lastIndex(of: "/").map { prefix[...$0] } ?? ""
        let segments = [bucket[...]] + directoryPart.split(separator: "/")
        guard let start = try BlobFiles.openPath(segments, in: rootFD, create: false) else { return [] }
        defer { close(start) }
        var found: [BlobObject] = []
        try collect(in: start, base: String(directoryPart), bucket: bucket, prefix: prefix, into: &found)
        return found.sorted { $0.location.key < $1.location.key }
    }

    private func collect(in directory: Int32, base: String, bucket: String, prefix: String,
                         into found: inout [BlobObject]) throws(BlobStoreError) {
        for name in BlobFiles.names(in: directory) {
            if let objectName = BlobMetadata.objectName(ofSidecar: name) {
                let key = base + objectName
                guard key.hasPrefix(prefix), let location = try? BlobLocation(bucket: bucket, key: key),
                      let object = try metadata(of: location, in: directory),
                      BlobFiles.regularFileSize(String(objectName), in: directory) == object.size
                else { continue }
                found.append(object)
            } else if !name.hasPrefix("."), BlobFiles.isDirectory(name, in: directory) {
                let subdirectory = base + name + "/"
                guard subdirectory.hasPrefix(prefix) || prefix.hasPrefix(subdirectory),
                      let child = try BlobFiles.openDirectory(name[...], in: directory, create: false)
                else { continue }
                defer { close(child) }
                try collect(in: child, base: subdirectory, bucket: bucket, prefix: prefix, into: &found)
            }
        }
    }
}
