import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

struct CommandLineOptionsTests {
    @Test("subcommands and their flags are parsed, flags before or after", arguments: [
        ([], Command.serve),
        (["serve"], .serve),
        (["--port", "0", "serve"], .serve),
        (["create-admin", "--email", "admin@shop.test", "--password", "pw"], .createAdmin(email: "admin@shop.test", password: "pw")),
        (["--email=admin@shop.test", "create-admin", "--password=pw"], .createAdmin(email: "admin@shop.test", password: "pw")),
        (["seed-demo", "--products", "5"], .seedDemo(products: 5)),
        (["--products=7", "--data-dir", "/tmp/demo", "seed-demo"], .seedDemo(products: 7)),
        (["seed-demo"], .seedDemo(products: CommandLineOptions.defaultDemoProducts)),
    ])
    func subcommands(arguments: [String], expected: Command) throws {
        #expect(try ConfigFixture.load(arguments).command == expected)
    }

    @Test("--port=8080 and --port 8080 mean the same", arguments: [
        ["--port=8081"], ["--port", "8081"], ["serve", "--port", "8081"], ["--port", "8081", "serve"],
    ])
    func flagForms(arguments: [String]) throws {
        #expect(try ConfigFixture.load(arguments).config.server.port == 8081)
    }

    @Test("a repeated flag keeps the last value")
    func repeatedFlag() throws {
        #expect(try ConfigFixture.load(["--port", "1", "--port=2"]).config.server.port == 2)
    }

    @Test("command-line mistakes are usage errors", arguments: [
        ["--prot", "8080"],
        ["-p", "8080"],
        ["--port"],
        ["--host", "--port", "1"],
        ["frob"],
        ["serve", "extra"],
        ["--email", "admin@shop.test"],
        ["--products", "3"],
        ["seed-demo", "--products", "0"],
        ["seed-demo", "--products", "many"],
        ["create-admin", "--email", "admin@shop.test"],
        ["create-admin", "--password", "pw"],
    ])
    func usageErrors(arguments: [String]) {
        let error = #expect(throws: ConfigError.self) { try ConfigFixture.load(arguments) }
        if case .usage = error {} else { Issue.record("expected a usage error, got \(String(describing: error))") }
    }

    @Test("an unknown flag is named in the error")
    func unknownFlagNamed() {
        let error = #expect(throws: ConfigError.self) { try ConfigFixture.load(["--prot=8080"]) }
        #expect(error?.description.contains("--prot") == true)
    }

    @Test("--help returns the usage text and skips everything else", arguments: [
        ["--help"], ["-h"], ["help"], ["seed-demo", "--help"], ["--bogus", "--help"],
        ["--config", "/nonexistent/marketplace.json", "--help"],
    ])
    func help(arguments: [String]) throws {
        let command = try ConfigFixture.load(arguments).command
        guard case let .help(text) = command else {
            Issue.record("expected help, got \(command)")
            return
        }
        #expect(text.contains("create-admin"))
        #expect(text.contains("MARKETPLACE_AUTH_BCRYPT_COST"))
    }

    @Test("create-admin falls back to MARKETPLACE_ADMIN_EMAIL and MARKETPLACE_ADMIN_PASSWORD")
    func createAdminFromEnvironment() throws {
        let environment = ["MARKETPLACE_ADMIN_EMAIL": "env@shop.test", "MARKETPLACE_ADMIN_PASSWORD": "env-pw"]
        #expect(try ConfigFixture.load(["create-admin"], environment: environment).command
            == .createAdmin(email: "env@shop.test", password: "env-pw"))
        #expect(try ConfigFixture.load(["create-admin", "--email", "flag@shop.test"], environment: environment).command
            == .createAdmin(email: "flag@shop.test", password: "env-pw"))
    }

    @Test("a flag value may contain '=' and start with a single dash")
    func awkwardValues() throws {
        let command = try ConfigFixture.load(["create-admin", "--email", "a@shop.test", "--password=-x=y"]).command
        #expect(command == .createAdmin(email: "a@shop.test", password: "-x=y"))
        let negative = #expect(throws: ConfigError.self) { try ConfigFixture.load(["--port", "-1"]) }
        #expect(negative?.key == "server.port")
    }
}
