/// What `MarketplaceServer` was asked to do, parsed from the command line.
enum Command: Sendable, Equatable {
    /// No subcommand, or `serve`: run the HTTP server.
    case serve
    /// `create-admin --email E --password P`: add an ADMIN account and exit.
    case createAdmin(email: String, password: String)
    /// `seed-demo [--products N]`: fill the store with demo sellers and products and exit.
    case seedDemo(products: Int)
    /// `--help`: print the text to stdout and exit 0.
    case help(String)
}
