import Glibc

/// What the executable does: load the configuration, run the subcommand or serve.
enum ServerMain {
    static func run(arguments: [String]) -> Never {
        let config: AppConfig
        let command: Command
        do {
            (config, command) = try AppConfig.load(arguments: arguments, environment: ProcessEnvironment.current())
        } catch {
            Console.error("\(error)")
            exit(2)
        }
        switch command {
        case .help(let text):
            Console.out(text)
            exit(0)
        case let .createAdmin(email, password):
            exit(BlockingWait.run { await AdminBootstrap.runCommand(config: config, email: email, password: password) })
        case .seedDemo(let products):
            exit(BlockingWait.run { await DemoSeed.runCommand(config: config, products: products) })
        case .serve:
            serve(config)
        }
    }

    private static func serve(_ config: AppConfig) -> Never {
        Signals.blockTermination()   // before the server starts any thread: see Signals
        let application: Application
        do {
            application = try Application.build(config: config)
        } catch {
            Console.error("cannot start: \(error)")
            exit(1)
        }
        // The first admin, from MARKETPLACE_ADMIN_EMAIL/_PASSWORD (docs/API.md §2), before any request.
        let environment = ProcessEnvironment.current()
        let bootstrapFailure = BlockingWait.run { () -> String? in
            do { try await application.bootstrapAdmin(environment: environment); return nil }
            catch { return AdminBootstrap.describe(error) }
        }
        if let bootstrapFailure {
            Console.error("cannot start: admin bootstrap: \(bootstrapFailure)")
            exit(1)
        }
        application.start()
        Console.out("listening on http://\(config.server.host):\(application.port)")
        // SIGTERM/SIGINT: stop accepting, finish requests in flight, exit 0.
        Signals.onTermination {
            Task {
                await application.shutdown()
                exit(0)
            }
        }
        while true { sleep(3600) }
    }
}
