import Logging
import PipelineModel

extension Logger {
  /// Logs each diagnostic at its severity's level (error, warning; a note at notice), its
  /// message as the message and its details beside `metadata`.
  func log(_ diagnostics: [Diagnostic], metadata: Logger.Metadata = [:]) {
    for diagnostic in diagnostics {
      let level: Logger.Level =
        switch diagnostic.severity {
        case .error: .error
        case .warning: .warning
        case .note: .notice
        }
      var all = metadata
      for (key, value) in diagnostic.details { all[key] = "\(value)" }
      if let location = diagnostic.location { all["config.location"] = "\(location)" }
      if !diagnostic.keyPath.isEmpty { all["config.key"] = "\(diagnostic.keyPath)" }
      log(level: level, "\(diagnostic.message)", metadata: all)
    }
  }
}
