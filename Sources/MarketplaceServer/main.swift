import Glibc

// MarketplaceServer [serve] | create-admin | seed-demo — see `--help`.
let arguments = Array(CommandLine.arguments.dropFirst())
let loaded: (config: AppConfig, command: Command)
do {
    loaded = try AppConfig.load(arguments: arguments, environment: ProcessEnvironment.current())
} catch {
    Console.error("\(error)")
    exit(2)
}

switch loaded.command {
case .help(let text):
    Console.out(text)
    exit(0)
case .createAdmin:
    Console.error("create-admin: accounts arrive with issue #3 and are not in this build yet")
    exit(64)
case .seedDemo:
    Console.error("seed-demo: the catalog arrives with issue #4 and is not in this build yet")
    exit(64)
case .serve:
    break
}

let application: Application
do {
    application = try Application.build(config: loaded.config)
} catch {
    Console.error("cannot start: \(error)")
    exit(1)
}
application.start()
Console.out("listening on http://\(loaded.config.server.host):\(application.port)")

// SIGTERM/SIGINT: stop accepting, finish requests in flight, exit 0.
Signals.onTermination {
    Task {
        await application.shutdown()
        exit(0)
    }
}
while true { sleep(3600) }
