/// The command line after the program name: one optional subcommand and `--flag value`
/// or `--flag=value` pairs, in any order.
///
/// Values stay text here; `AppConfig.load` types them through the same `ConfigKey`s as
/// the environment, so `--port abc` is reported as `server.port`.
struct CommandLineOptions: Equatable {
    enum Subcommand: String {
        case serve
        case createAdmin = "create-admin"
        case seedDemo = "seed-demo"
    }

    var subcommand: Subcommand = .serve
    var configPath: String?
    var host: String?
    var port: String?
    var dataDir: String?
    var email: String?
    var password: String?
    var products: String?
    var wantsHelp = false

    /// Flags that take a value; everything else but `--help`/`-h` is unknown.
    private static let valueFlags: Set = [
        "--config", "--host", "--port", "--data-dir", "--email", "--password", "--products",
    ]

    static func parse(_ arguments: [String]) throws -> CommandLineOptions {
        var options = CommandLineOptions()
        var sawSubcommand = false
        // `--help` wins over mistakes elsewhere on the line, so keep the first error for later.
        var firstError: ConfigError?
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            do {
                if argument == "--help" || argument == "-h" {
                    options.wantsHelp = true
                } else if argument.hasPrefix("-") && argument != "-" {
                    let (name, inline) = split(argument)
                    guard valueFlags.contains(name) else { throw ConfigError.usage("unknown flag \(name)") }
                    let value: String
                    if let inline {
                        value = inline
                    } else if index < arguments.count, !arguments[index].hasPrefix("--") {
                        value = arguments[index]
                        index += 1
                    } else {
                        throw ConfigError.usage("\(name) needs a value")
                    }
                    options.set(name, value)
                } else if argument == "help" && !sawSubcommand {
                    options.wantsHelp = true
                    sawSubcommand = true
                } else if !sawSubcommand {
                    guard let subcommand = Subcommand(rawValue: argument) else {
                        throw ConfigError.usage("unknown command \(argument)")
                    }
                    options.subcommand = subcommand
                    sawSubcommand = true
                } else {
                    throw ConfigError.usage("unexpected argument \(argument)")
                }
            } catch let error as ConfigError {
                firstError = firstError ?? error
            }
        }
        if let firstError, !options.wantsHelp { throw firstError }
        return options
    }

    private static func split(_ argument: String) -> (name: String, value: String?) {
        guard let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }

    private mutating func set(_ flag: String, _ value: String) {
        // Repeating a flag keeps the last value, as most command-line tools do.
        switch flag {
        case "--config": configPath = value
        case "--host": host = value
        case "--port": port = value
        case "--data-dir": dataDir = value
        case "--email": email = value
        case "--password": password = value
        default: products = value
        }
    }
}
