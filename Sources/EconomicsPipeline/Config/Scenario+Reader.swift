import Foundation
import HospitalEconomics
import PipelineModel
import ReportRendering

// MARK: - Loading

extension Scenario {
  /// Loads a scenario file and its `extends` chain, checking every key; throws every problem at once.
  /// Each file's `extends` is relative to the root of the project holding that file.
  /// - Parameters:
  ///   - path: the scenario file.
  ///   - project: the project for a file that is in none: the job's, when a job names
  ///     the scenario.
  /// - Returns: the scenario.
  /// - Throws: `ConfigError` with every problem of the files.
  public static func load(path: String, in project: ProjectRoot? = nil) throws(ConfigError)
    -> Scenario
  {
    let diagnostics = DiagnosticCollector()
    let loader = ConfigFileLoader(project: ProjectRoot.containing(file: path) ?? project)
    guard let (root, files) = loader.load(path: path, diagnostics: diagnostics) else {
      try diagnostics.throwIfNeeded()
      throw ConfigError(diagnostics: [])
    }
    let reader = ScenarioReader(root: root, file: path, diagnostics: diagnostics)
    let scenario = reader.read(files: files)
    try diagnostics.throwIfNeeded()
    guard let scenario else { throw ConfigError(diagnostics: []) }
    return scenario
  }
}

/// Reads the merged tree of a scenario into ``Scenario``, table by table.
struct ScenarioReader {
  let root: ConfigNode
  let file: String
  let diagnostics: DiagnosticCollector

  func read(files: [String]) -> Scenario? {
    guard let top = ConfigMapping(root, keyPath: "", diagnostics: diagnostics) else { return nil }
    var values: [DriverID: (value: DriverValue, location: ConfigLocation, keyPath: String)] = [:]
    var knownPaths: Set<String> = []

    var matches: [DeviceMatch] = []
    for (section, fields) in Self.sections {
      guard let mapping = top.mapping(section) else { continue }
      for (key, driver, kind) in fields {
        knownPaths.insert(mapping.path(key))
        if let value = read(key, kind, in: mapping), let location = mapping.location(of: key) {
          values[driver.id] = (value, location, mapping.path(key))
        }
      }
      if section == "storage",
        let match = readMatch(in: mapping, id: CapitalItem.storageID, name: "Storage")
      {
        matches.append(match)
      }
      mapping.finish()
    }

    var devices: [DeviceClass] = []
    if let mapping = top.mapping("devices") {
      for entry in mapping.node.entries ?? [] {
        mapping.declare(entry.key)
        guard isSnakeCase(entry.key) else {
          diagnostics.error(
            "a device id must be snake_case (a–z, 0–9, _)", at: entry.keyLocation,
            keyPath: mapping.path(entry.key))
          continue
        }
        guard entry.key != CapitalItem.storageID else {
          diagnostics.error(
            "the device id `\(entry.key)` is the storage's own line (section storage); give this "
              + "device class another id", at: entry.keyLocation, keyPath: mapping.path(entry.key))
          continue
        }
        guard let device = mapping.mapping(entry.key) else { continue }
        let name = device.string("name")
        let kind = device.choice("kind", from: ["gpu", "cpu"])
        var complete = name != nil && kind != nil
        for (key, field, fieldKind) in Self.deviceFields {
          knownPaths.insert(device.path(key))
          if let value = read(key, fieldKind, in: device), let location = device.location(of: key) {
            values[field.id(for: entry.key)] = (value, location, device.path(key))
          } else {
            complete = false
          }
        }
        if let name, let match = readMatch(in: device, id: entry.key, name: name) {
          matches.append(match)
        }
        device.finish()
        if complete, let name, let kind {
          devices.append(
            DeviceClass(
              id: entry.key, name: name, count: 0, ratedPowerW: 0, unitPriceCNY: 0,
              usefulLifeYears: 1, isAccelerator: kind == "gpu"))
        }
      }
      mapping.finish()
    }

    let (ownTitle, titles) = readTitle(top)
    let sensitivity = readSensitivity(top, knownDrivers: knownDriverIDs(devices: devices))
    let placeholderPaths = top.stringList("placeholders", required: false) ?? []
    let scale = top.decimal("scale", required: false, minimum: 0, exclusive: true, maximum: 10) ?? 1
    let uncertainty = readUncertainty(top, devices: devices, values: values, scale: scale)
    let language = top.choice(
      "language", required: false, from: ReportLanguage.allCases.map(\.rawValue)
    ).flatMap(ReportLanguage.init(rawValue:))
    top.declare("extends")
    top.finish()
    checkOverlaps(matches)

    // Placeholders: a key path listed in the same file that supplies its value.
    let keyPaths = Dictionary(
      values.map { ($0.value.keyPath, $0.key) }, uniquingKeysWith: { a, _ in a })
    var placeholderSet: Set<String> = []
    for (path, location) in placeholderPaths {
      guard knownPaths.contains(path) else {
        let hint =
          EditDistance.suggestion(for: path, among: knownPaths.sorted()).map {
            "; did you mean `\($0)`?"
          } ?? ""
        diagnostics.error(
          "`\(path)` is not a key of this scenario\(hint)", at: location, keyPath: "placeholders")
        continue
      }
      if let id = keyPaths[path], values[id]?.location.file == location.file {
        placeholderSet.insert(path)
      }
    }

    guard !diagnostics.hasErrors, let sensitivity else { return nil }
    var inputs = Inputs.paper2024
    inputs.devices = devices
    var provenance: [DriverID: Provenance] = [:]
    let scaled = Set(Self.scaledDrivers(devices: devices))
    let scaleNote = " × scale \(NumberFormat.plainTrimmed(scale))"
    for (id, entry) in values {
      let value = scale != 1 && scaled.contains(id) ? entry.value.scaled(by: scale) : entry.value
      guard let updated = inputs.setting(id, to: value) else { continue }
      inputs = updated
      let fileName = entry.location.fileName
      let keyPath = entry.keyPath + (scale != 1 && scaled.contains(id) ? scaleNote : "")
      provenance[id] =
        placeholderSet.contains(entry.keyPath)
        ? .placeholder(file: fileName, keyPath: keyPath)
        : .assumption(file: fileName, keyPath: keyPath)
    }
    let name = ((files.first ?? file) as NSString).lastPathComponent.replacingOccurrences(
      of: ".yaml", with: ""
    )
    .replacingOccurrences(of: ".yml", with: "")
    return Scenario(
      name: name, title: ownTitle ?? name, titles: titles, files: files,
      inputs: AttributedInputs(inputs: inputs, provenance: provenance),
      sensitivity: sensitivity, deviceMatches: matches, scale: scale, uncertainty: uncertainty,
      language: language)
  }

  /// `title`: one text, or one per report language (`{ en: …, zh: … }`); only the file's own,
  /// since a title is not inherited. The plain title is the English one, else the first given.
  private func readTitle(_ top: ConfigMapping) -> (String?, [ReportLanguage: String]) {
    guard let node = top.value("title", required: false) else { return (nil, [:]) }
    guard node.entries != nil, let mapping = top.mapping("title") else {
      let text = top.string("title", required: false)
      return (node.location.file == file ? text : nil, [:])
    }
    var titles: [ReportLanguage: String] = [:]
    for language in ReportLanguage.allCases {
      if let text = mapping.string(language.rawValue, required: false),
        mapping.location(of: language.rawValue)?.file == file
      {
        titles[language] = text
      }
    }
    mapping.finish()
    let plain = titles[.default] ?? ReportLanguage.allCases.lazy.compactMap { titles[$0] }.first
    return (plain, titles)
  }

  /// The drivers `scale` multiplies: volumes and resources (visits, staff, devices, one-off
  /// spending, services, the offline hospital's volumes and money). Prices, fees, lives, rates
  /// and per-visit figures stay as written; storage follows the visits.
  static func scaledDrivers(devices: [DeviceClass]) -> [DriverID] {
    let scalars: [ScalarDriver] = [
      .annualVisits, .staffHeadcount, .softwareCapexCNY, .modelCapexCNY, .otherServicesCNYPerYear,
      .offlineOutpatientVisits, .offlineInpatientAdmissions, .offlineSurgeries, .offlineOpenBeds,
      .offlineDoctors, .offlineNurses, .offlineAdministrativeStaff, .offlineOtherStaff,
      .offlineMedicalRevenueCNY, .offlineITInvestmentCNY,
    ]
    return scalars.map(\.id) + devices.map { DeviceField.count.id(for: $0.id) }
  }

  /// A `match:` mapping: which device groups of the data are this class — `class` (the data's
  /// device class) and optionally `models` (model names, compared case-insensitively, spaces
  /// collapsed). Without `models`, every group of the class matches.
  private func readMatch(in mapping: ConfigMapping, id: String, name: String) -> DeviceMatch? {
    guard let match = mapping.mapping("match", required: false) else { return nil }
    defer { match.finish() }
    let deviceClass = match.choice("class", from: DataDeviceClass.allCases.map(\.rawValue))
      .flatMap(DataDeviceClass.init(rawValue:))
    var models: [String]? = nil
    if let list = match.stringList("models", required: false) {
      models = list.map(\.text)
      for item in list where DeviceMatch.normalized(item.text).isEmpty {
        diagnostics.error(
          "a model name must not be empty", at: item.location, keyPath: match.path("models"))
      }
      if list.isEmpty, let location = match.location(of: "models") {
        diagnostics.error(
          "list at least one model, or leave `models` out to match the whole class",
          at: location, keyPath: match.path("models"))
      }
    }
    guard let deviceClass else { return nil }
    return DeviceMatch(
      id: id, name: name, deviceClass: deviceClass, models: models,
      location: match.location(of: "class") ?? match.node.location, keyPath: match.keyPath)
  }

  /// Two declarations that can claim the same device group are an error: a group must count once.
  private func checkOverlaps(_ matches: [DeviceMatch]) {
    for (index, later) in matches.enumerated() {
      for earlier in matches.prefix(index) where earlier.overlaps(later) {
        diagnostics.error(
          "matches the same device groups as `\(earlier.keyPath)` (class `\(later.deviceClass.rawValue)`"
            + (later.models == nil || earlier.models == nil
              ? ", one of them without `models`)" : ", a model in both)")
            + "; give each declaration its own models",
          at: later.location, keyPath: later.keyPath)
      }
    }
  }

  func read(_ key: String, _ kind: Kind, in mapping: ConfigMapping) -> DriverValue? {
    switch kind {
    case .count(let range):
      mapping.int(key, minimum: range.lowerBound, maximum: range.upperBound).map { .count($0) }
    case .quantity(let range, let text):
      mapping.double(key, in: range, rangeText: text).map { .quantity($0) }
    case .share: mapping.share(key).map { .quantity($0) }
    case .exact(let minimum, let exclusive, let maximum):
      mapping.decimal(key, minimum: minimum, exclusive: exclusive, maximum: maximum).map {
        .exact($0)
      }
    case .choice(let choices): mapping.choice(key, from: choices).map { .choice($0) }
    }
  }

  private func readSensitivity(_ top: ConfigMapping, knownDrivers: [String]) -> SensitivitySettings?
  {
    guard let mapping = top.mapping("sensitivity", required: false) else {
      return top.location(of: "sensitivity") == nil ? SensitivitySettings() : nil
    }
    let defaultSwing = mapping.decimal(
      "default_swing", required: false, minimum: 0, exclusive: true, maximum: 1)
    var settings = SensitivitySettings(
      defaultSwing: defaultSwing ?? SensitivitySettings().defaultSwing)
    if let swings = mapping.mapping("swings", required: false) {
      for entry in swings.node.entries ?? [] {
        guard knownDrivers.contains(entry.key) else { continue }  // reported by finish()
        swings.declare(entry.key)
        if let swing = swings.decimal(entry.key, minimum: 0, exclusive: true, maximum: 1) {
          settings.swings[DriverID(rawValue: entry.key)] = swing
        }
      }
      for driver in knownDrivers { swings.declare(driver) }
      swings.finish()
    }
    mapping.finish()
    return settings
  }

  private func knownDriverIDs(devices: [DeviceClass]) -> [String] {
    var base = Inputs.paper2024
    base.devices = devices
    return base.driverDescriptors.filter(\.affectsMargin).map(\.id.rawValue)
  }

  /// `\A[a-z][a-z0-9_]*\z`, ASCII only: the whole key, nothing before or after.
  private func isSnakeCase(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
    return text.unicodeScalars.allSatisfy {
      ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
    }
  }
}
