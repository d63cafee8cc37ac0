extension CommandLineOptions {
    static let defaultDemoProducts = 20

    /// The subcommand with its own flags checked. `environment` supplies the admin
    /// account when `create-admin` is run without flags, keeping the password out of `ps`.
    func command(environment: [String: String]) throws -> Command {
        if wantsHelp { return .help(Self.usage) }
        if subcommand != .createAdmin {
            if email != nil { throw ConfigError.usage("--email is only valid with create-admin") }
            if password != nil { throw ConfigError.usage("--password is only valid with create-admin") }
        }
        if subcommand != .seedDemo, products != nil {
            throw ConfigError.usage("--products is only valid with seed-demo")
        }
        switch subcommand {
        case .serve:
            return .serve
        case .createAdmin:
            guard let email = email ?? environment["MARKETPLACE_ADMIN_EMAIL"], !email.isEmpty else {
                throw ConfigError.usage("create-admin needs --email (or MARKETPLACE_ADMIN_EMAIL)")
            }
            guard let password = password ?? environment["MARKETPLACE_ADMIN_PASSWORD"], !password.isEmpty else {
                throw ConfigError.usage("create-admin needs --password (or MARKETPLACE_ADMIN_PASSWORD)")
            }
            return .createAdmin(email: email, password: password)
        case .seedDemo:
            guard let text = products else { return .seedDemo(products: Self.defaultDemoProducts) }
            guard let count = Int(text), count >= 1 else {
                throw ConfigError.usage("--products must be a whole number of at least 1 (got \"\(text)\")")
            }
            return .seedDemo(products: count)
        }
    }

    static let usage = """
        Usage: MarketplaceServer [serve] [options]
               MarketplaceServer create-admin --email EMAIL --password PASSWORD [options]
               MarketplaceServer seed-demo [--products N] [options]

        Commands:
          serve             run the HTTP server (the default)
          create-admin      add an ADMIN account and exit; the email and password may
                            instead come from MARKETPLACE_ADMIN_EMAIL/MARKETPLACE_ADMIN_PASSWORD
          seed-demo         add demo sellers and N products (default \(defaultDemoProducts)) and exit

        Options (before or after the command; --flag VALUE or --flag=VALUE):
          --config PATH     JSON config file (default Config/marketplace.json, if it exists)
          --host HOST       address to listen on (server.host)
          --port PORT       port to listen on, 0 = any free port (server.port)
          --data-dir DIR    SQLite file, blobs and mail outbox (storage.dataDir)
          -h, --help        print this help

        Precedence, lowest first: defaults, config file, environment, flags. Every config key
        has an environment variable: MARKETPLACE_ + its path in UPPER_SNAKE, e.g.
        auth.bcryptCost -> MARKETPLACE_AUTH_BCRYPT_COST,
        payments.toss.secretKey -> MARKETPLACE_PAYMENTS_TOSS_SECRET_KEY.
        Lists are comma-separated; booleans are true/false/1/0.
        """
}
