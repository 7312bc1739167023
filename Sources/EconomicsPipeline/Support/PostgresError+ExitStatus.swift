import PipelineModel
import PostgresClient

extension PostgresError {
  /// The sysexits status for this database error:
  /// - 69 (unavailable): the server cannot be reached, refuses the login, or the connection is
  ///   lost (code `.connection`, SQLSTATE class 08, 57P01–57P03 shutdown/cannot connect now);
  /// - 75 (temporary failure, retry later): lock not available (55P03), query cancelled or timed
  ///   out (57014), serialization failure or deadlock (40001, 40P01);
  /// - 77 (no permission): the role lacks a privilege (42501);
  /// - 65 (data error): data exceptions and integrity violations (classes 22 and 23), and values
  ///   that do not fit the Swift type asked for (code `.decoding`);
  /// - 70 (software): everything else, e.g. an SQL syntax error in a shipped query.
  public var exitStatus: SysExit {
    if code == .connection { return .unavailable }
    if code == .decoding { return .dataError }
    guard let sqlState else { return .software }
    switch sqlState {
    case "55P03", "57014", "40001", "40P01": return .temporaryFailure
    case "57P01", "57P02", "57P03": return .unavailable
    case "42501": return .noPermission
    default: break
    }
    switch sqlStateClass {
    case "08": return .unavailable
    case "22", "23": return .dataError
    default: return .software
    }
  }
}
