// MarketplaceServer [serve] | create-admin | seed-demo — see `--help`.
ServerMain.run(arguments: Array(CommandLine.arguments.dropFirst()))
