// swift-tools-version: 6.1
//
// metahospital — batch cost-and-revenue analytics for a meta-hospital.
// Targets, from the bottom up: the libpq system library, a small PostgreSQL
// client, the pure economics model, report rendering, the pipeline that ties
// them together, and a thin command-line executable (with a build plugin that
// records the commit it is built from).

import PackageDescription

/// Settings shared by every Swift target: Swift 6 language mode (strict concurrency).
let swiftSettings: [SwiftSetting] = [
  .swiftLanguageMode(.v6),
  .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
  name: "metahospital",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "metahospital", targets: ["metahospital"]),
    .library(name: "HospitalEconomics", targets: ["HospitalEconomics"]),
    .library(name: "PostgresClient", targets: ["PostgresClient"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
  ],
  targets: [
    // MARK: - Database access

    /// libpq, the PostgreSQL C client library (Debian: libpq-dev).
    .systemLibrary(
      name: "CLibPQ",
      pkgConfig: "libpq",
      providers: [.apt(["libpq-dev"]), .brew(["libpq"])]
    ),
    /// Connections, bound parameters, typed rows, streaming, SQLSTATE errors, transactions, locks.
    .target(
      name: "PostgresClient",
      dependencies: [
        "CLibPQ",
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swiftSettings
    ),

    // MARK: - The model and its reports

    /// The pure economics model: inputs to economics. Foundation only, no I/O.
    .target(
      name: "HospitalEconomics",
      swiftSettings: swiftSettings
    ),
    /// What a run knows of its period, pure: periods and local days, the data's measures, the
    /// ledger and every figure on data (PeriodActuals), the trend, the checks' verdicts.
    .target(
      name: "PipelineModel",
      dependencies: ["HospitalEconomics"],
      swiftSettings: swiftSettings
    ),
    /// Markdown, CSV and Excel (XLSX) writers for an economics report; atomic output. Its phrase
    /// catalogue is generated from the English language file (the PhraseCatalogue plugin).
    .target(
      name: "ReportRendering",
      dependencies: [
        "HospitalEconomics", "PipelineModel",
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ],
      swiftSettings: swiftSettings,
      plugins: ["PhraseCatalogue"]
    ),
    /// Reads `Pipelines/language/en.yaml` and writes the phrase catalogue's Swift enums.
    .executableTarget(
      name: "PhraseCatalogueGenerator",
      dependencies: [.product(name: "Yams", package: "Yams")],
      swiftSettings: swiftSettings
    ),
    /// Before ReportRendering builds, generates its phrase catalogue from the language file.
    .plugin(
      name: "PhraseCatalogue", capability: .buildTool(),
      dependencies: ["PhraseCatalogueGenerator"]),

    // MARK: - The pipeline and the command line

    /// Config files, scenarios, periods, migrations, extraction, checks, run history, orchestration.
    .target(
      name: "EconomicsPipeline",
      dependencies: [
        "PostgresClient",
        "HospitalEconomics",
        "PipelineModel",
        "ReportRendering",
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Yams", package: "Yams"),
      ],
      swiftSettings: swiftSettings
    ),
    /// The `metahospital` command: parse, call, map errors to exit codes.
    .executableTarget(
      name: "metahospital",
      dependencies: [
        "EconomicsPipeline",
        "ReportRendering",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: swiftSettings,
      plugins: ["BuildInfo"]
    ),
    /// `bench/streaming`: the ways of reading a large result, side by side.
    .executableTarget(
      name: "stream-bench",
      dependencies: ["PostgresClient", .product(name: "Logging", package: "swift-log")],
      path: "bench/StreamBench",
      swiftSettings: swiftSettings
    ),
    /// Before each build, records the git commit the binary is built from (`--version`).
    .plugin(name: "BuildInfo", capability: .buildTool()),

    // MARK: - Tests

    /// Shared test helpers: the private PostgreSQL's URL, scratch databases, temporary folders.
    .target(
      name: "TestSupport",
      dependencies: ["PostgresClient", .product(name: "Logging", package: "swift-log")],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "PostgresClientTests",
      dependencies: ["PostgresClient", "TestSupport"],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "HospitalEconomicsTests",
      dependencies: ["HospitalEconomics"],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "EconomicsPipelineTests",
      dependencies: [
        "EconomicsPipeline", "PipelineModel", "ReportRendering", "HospitalEconomics", "TestSupport",
        // To read back the parts of the committed examples' workbooks.
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ],
      resources: [.copy("Fixtures")],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "EndToEndTests",
      dependencies: ["TestSupport", "PostgresClient"],
      swiftSettings: swiftSettings
    ),
  ]
)
