extension AppConfig {
    static let defaultConfigPath = "Config/marketplace.json"

    /// Builds the configuration and the subcommand from the command line and environment.
    ///
    /// Layers, lowest first: embedded defaults, the JSON file (`--config PATH`, else
    /// `defaultConfigPath` if it exists), `MARKETPLACE_*` variables, then `--host`, `--port`
    /// and `--data-dir`. The merged result is validated; the first problem is thrown as a
    /// `ConfigError` naming its key. For `--help` no file is read and `AppConfig()` is
    /// returned beside `.help(text)`.
    ///
    /// - Parameters:
    ///   - arguments: the command line without the program name.
    ///   - environment: usually `ProcessEnvironment.current()`; tests pass their own.
    static func load(
        arguments: [String],
        environment: [String: String],
        defaultConfigPath: String = AppConfig.defaultConfigPath
    ) throws -> (config: AppConfig, command: Command) {
        let options = try CommandLineOptions.parse(arguments)
        let command = try options.command(environment: environment)
        if case .help = command { return (AppConfig(), command) }

        var config = AppConfig()
        if let path = options.configPath {
            // Asked for by name, so a missing file is a mistake, not "use the defaults".
            guard ConfigFile.exists(path) else { throw ConfigError.fileNotFound(path: path) }
            try ConfigFile.apply(path: path, to: &config)
        } else if ConfigFile.exists(defaultConfigPath) {
            try ConfigFile.apply(path: defaultConfigPath, to: &config)
        }
        try config.applyEnvironment(environment)
        try config.applyFlags(options)
        config.normalize()
        try config.validate()
        return (config, command)
    }

    /// Applies every known `MARKETPLACE_*` variable. Others are ignored: the admin
    /// bootstrap variables share the prefix, and a shell may export unrelated ones.
    mutating func applyEnvironment(_ environment: [String: String]) throws {
        for key in Self.keys {
            let name = key.environmentName
            if let value = environment[name] {
                try key.apply(&self, .text(value, source: name))
            }
        }
    }

    private mutating func applyFlags(_ options: CommandLineOptions) throws {
        let flags = [
            ("server.host", options.host, "--host"),
            ("server.port", options.port, "--port"),
            ("storage.dataDir", options.dataDir, "--data-dir"),
        ]
        for (path, value, flag) in flags {
            guard let value, let key = Self.key(path) else { continue }
            try key.apply(&self, .text(value, source: flag))
        }
    }

    /// Spellings that mean the same thing are made equal, so consumers can concatenate
    /// paths onto base URLs and compare `Origin` headers byte for byte.
    private mutating func normalize() {
        server.publicBaseUrl = server.publicBaseUrl.map(Self.droppingTrailingSlashes)
        server.corsAllowedOrigins = server.corsAllowedOrigins.map(Self.droppingTrailingSlashes)
        payments.toss.baseUrl = payments.toss.baseUrl.map(Self.droppingTrailingSlashes)
        payments.kakaopay.baseUrl = payments.kakaopay.baseUrl.map(Self.droppingTrailingSlashes)
        payments.card.baseUrl = payments.card.baseUrl.map(Self.droppingTrailingSlashes)
        log.level = log.level.lowercased()
    }

    private static func droppingTrailingSlashes(_ url: String) -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}
