import ArgumentParser
import EconomicsPipeline
import Foundation
import Logging
import PipelineModel

/// `metahospital migrate`: applies pending schema migrations.
struct MigrateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "migrate",
    abstract: "Apply the database schema migrations that have not been applied yet.",
    discussion: """
      Reads the files named NNN_name.sql in the migrations folder (001_create_visits.sql, …) \
      and applies, in number order, those the database has not seen. Each file runs in its \
      own transaction and is recorded in public.metahospital_migrations with its SHA-256 \
      checksum, so running migrate again does nothing until a new file appears.

      migrate refuses to run (exit 78) when an applied file was edited or deleted: put every \
      change in a new, higher-numbered file instead. Two migrates never run at once; the \
      second waits up to 30 seconds, then exits 75.

      The database is --database-url, else the DATABASE_URL environment variable, else \
      libpq's PG* variables (PGHOST, PGDATABASE, PGUSER, …) and ~/.pgpass. Passwords belong \
      in ~/.pgpass or PGPASSWORD, not on the command line.



      Examples:
        metahospital migrate
        metahospital migrate --database-url "$(scripts/local-postgres url)"
        metahospital migrate --migrations sql/migrations --log-level debug
      """
  )

  @OptionGroup var database: DatabaseOptions

  @Option(
    help: ArgumentHelp(
      "Folder of NNN_name.sql files (default: sql/migrations of the project of the working folder).",
      valueName: "dir"))
  var migrations: String?

  @OptionGroup var logging: LoggingOptions

  func run() throws {
    try reportingErrors {
      let logger = logging.bootstrap(label: "metahospital.migrate")
      let folder = try migrations ?? Self.defaultFolder()
      let migrator = Migrator(folder: folder, logger: logger)
      let files = try migrator.loadMigrations()  // file problems surface before any connection
      let settings = database.settings
      logger.debug("connecting", metadata: ["db.settings": "\(settings)"])
      let connection = try settings.connect(logger: logger)
      let report = try migrator.migrate(files, on: connection)
      print(report.summary)
    }
  }

  /// `sql/migrations` of the project of the working folder.
  static func defaultFolder() throws -> String {
    try ProjectRoot.ofWorkingDirectory(
      need: "migrate needs the project's sql/migrations",
      instead: "name the folder with --migrations"
    ).resolve("sql/migrations")
  }
}
