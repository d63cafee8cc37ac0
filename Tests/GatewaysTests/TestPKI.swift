import Foundation

/// A throwaway PKI made with the `openssl` command in a temporary directory: a CA, leaves it
/// signed (valid for 127.0.0.1 and localhost, expired, for another host name) and a leaf
/// from a second, untrusted CA. Made once per test run.
struct TestPKI: Sendable {
    let directory: String
    var caFile: String { "\(directory)/ca.pem" }

    func leaf(_ name: String) -> (cert: String, key: String) { ("\(directory)/\(name).pem", "\(directory)/\(name).key") }

    static let shared: TestPKI = {
        let directory = NSTemporaryDirectory() + "gateways-pki-\(UUID().uuidString)"
        let script = """
        set -e
        cd '\(directory)'
        key() { openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$1.key" -out "$1.csr" -subj "/CN=$2" 2>/dev/null; }
        ca() { openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$1.key" -out "$1.pem" -days 2 -subj "/CN=$1" 2>/dev/null; }
        leaf() { key "$1" "$2"; printf 'subjectAltName=%s\\n' "$3" > "$1.ext"
                 openssl x509 -req -in "$1.csr" -CA "$4.pem" -CAkey "$4.key" -CAcreateserial -out "$1.pem" -days "$5" -extfile "$1.ext" 2>/dev/null; }
        ca ca; ca rogue
        leaf valid localhost 'DNS:localhost,IP:127.0.0.1' ca 1
        leaf expired localhost 'DNS:localhost,IP:127.0.0.1' ca -1
        leaf otherhost other.example 'DNS:other.example' ca 1
        leaf untrusted localhost 'DNS:localhost,IP:127.0.0.1' rogue 1
        """
        try! FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        try! process.run()
        process.waitUntilExit()
        precondition(process.terminationStatus == 0, "openssl could not make the test PKI")
        return TestPKI(directory: directory)
    }()
}
