import Foundation

/// How one device class of a scenario (or its storage) is found among the device groups of the
/// data: the data's device class and, optionally, model names. Declared in the scenario under the
/// class's `match:` key, so what ties data to the model is written in `Pipelines/`, not in code.
///
/// Model names compare case-insensitively with runs of white space collapsed, so
/// `NVIDIA  h100` matches `nvidia H100`; a group whose model is not listed does not match, however
/// similar its name (no substring matching).
public struct DeviceMatch: Sendable, Equatable {
  /// The scenario's device class id (e.g. `rtx_4090`), or `storage`.
  public var id: String
  /// The class's name for people.
  public var name: String
  /// The data's device class the groups must have.
  public var deviceClass: DataDeviceClass
  /// Model names that match; `nil` matches every group of the class.
  public var models: [String]?
  /// Where the declaration is written.
  public var location: ConfigLocation
  /// Its key path, e.g. `devices.h100.match`.
  public var keyPath: String

  /// Creates a declaration.
  public init(
    id: String, name: String, deviceClass: DataDeviceClass, models: [String]?,
    location: ConfigLocation,
    keyPath: String
  ) {
    self.id = id
    self.name = name
    self.deviceClass = deviceClass
    self.models = models
    self.location = location
    self.keyPath = keyPath
  }

  /// Whether a device group of the data belongs to this class.
  public func matches(deviceClass groupClass: DataDeviceClass, model: String) -> Bool {
    guard groupClass == deviceClass else { return false }
    guard let models else { return true }
    let wanted = Self.normalized(model)
    return models.contains { Self.normalized($0) == wanted }
  }

  /// Whether some device group could match both declarations.
  public func overlaps(_ other: DeviceMatch) -> Bool {
    guard deviceClass == other.deviceClass else { return false }
    guard let mine = models, let theirs = other.models else { return true }
    return !Set(mine.map(Self.normalized)).isDisjoint(with: theirs.map(Self.normalized))
  }

  /// A model name as compared: lowercased, trimmed, inner white space collapsed to one space.
  public static func normalized(_ model: String) -> String {
    model.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }
}
