// swift-tools-version:6.1
// The marketplace server. No package dependencies: the toolchain plus system C
// libraries (sqlite3, libpq, libxcrypt, OpenSSL's libcrypto and libssl) through thin system-library targets.
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Marketplace",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "MarketplaceServer", targets: ["MarketplaceServer"]),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCrypt", path: "Sources/CCrypt", providers: [.apt(["libcrypt-dev"])]),
        .systemLibrary(name: "CLinux", path: "Sources/CLinux"),
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CPostgres", path: "Sources/CPostgres", providers: [.apt(["libpq-dev"])]),

        // The HTTP/1.1 engine: sockets, event loops, parser, writer. Knows nothing of the marketplace.
        .target(name: "HTTPServer", dependencies: ["CLinux"], swiftSettings: strict),
        .target(name: "Marketplace", swiftSettings: strict),
        .target(name: "Auth", dependencies: ["Marketplace", "CCrypt", "COpenSSL"], swiftSettings: strict),
        // Clients of other services (payment gateways, webhook consumers): each adapts a domain port.
        .target(name: "Gateways", dependencies: ["Marketplace", "Auth", "COpenSSL"], swiftSettings: strict),
        .target(name: "Storage", dependencies: ["Marketplace", "CSQLite", "COpenSSL", "CPostgres"], swiftSettings: strict),
        .executableTarget(
            name: "MarketplaceServer",
            dependencies: ["HTTPServer", "Gateways", "Marketplace", "Auth", "Storage", "CLinux"],
            swiftSettings: strict
        ),

        // bench/outbound.sh's driver: gateway-style calls per second through OutboundHTTPClient.
        .executableTarget(name: "OutboundBench", dependencies: ["Gateways", "Marketplace"], path: "bench/OutboundBench",
                          swiftSettings: strict),

        // In-memory fakes of the domain's ports, shared by the unit-test targets.
        .target(name: "MarketplaceFakes", dependencies: ["Marketplace"], path: "Tests/Fakes", swiftSettings: strict),
        // A raw HTTP/1.1 test client (it sends exactly the bytes it is given), shared by the test targets.
        .target(name: "TestHTTP", path: "Tests/TestHTTP", swiftSettings: strict),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "TestHTTP"], swiftSettings: strict),
        .testTarget(name: "MarketplaceTests", dependencies: ["Marketplace", "MarketplaceFakes"], swiftSettings: strict),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "Marketplace"], swiftSettings: strict),
        // The outbound HTTP/TLS client against throwaway servers (Python, openssl s_server) on 127.0.0.1.
        .testTarget(name: "GatewaysTests", dependencies: ["Gateways", "Marketplace", "Auth"], swiftSettings: strict),
        .testTarget(name: "AuthTests", dependencies: ["Auth", "Marketplace", "MarketplaceFakes"], swiftSettings: strict),
        .testTarget(
            name: "MarketplaceServerTests",
            dependencies: ["MarketplaceServer", "HTTPServer", "Gateways", "TestHTTP", "Marketplace", "Storage", "Auth"],
            swiftSettings: strict
        ),
    ]
)
