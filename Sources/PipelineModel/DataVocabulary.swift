import Foundation

// The values the hospital's schema allows in its coded columns (migration 001's CHECK
// constraints), as types: code compares them as values, never as strings, and a value the
// schema does not allow fails where it is read. Raw values are the schema's; they order the
// report's rows as they always have (alphabetically).

/// The billing system a visit or a charge belongs to: the meta-hospital's virtual clinic or the
/// offline hospital it is compared with (`channel`).
public enum Channel: String, Sendable, CaseIterable, Comparable {
  case offline, virtual

  /// Orders by the schema's word.
  public static func < (a: Channel, b: Channel) -> Bool { a.rawValue < b.rawValue }
}

/// The kind of a charge (`hospital.charges.kind`), in the schema's order.
public enum ChargeKind: String, Sendable, CaseIterable, Comparable {
  case registration, drug, examination, treatment, surgery, bed, other

  /// Orders by the schema's word.
  public static func < (a: ChargeKind, b: ChargeKind) -> Bool { a.rawValue < b.rawValue }
}

/// The hospital a member of staff works for (`hospital.staff.unit`).
public enum StaffUnit: String, Sendable, CaseIterable, Comparable {
  case meta, offline

  /// Orders by the schema's word.
  public static func < (a: StaffUnit, b: StaffUnit) -> Bool { a.rawValue < b.rawValue }
}

/// A device class of the data (`hospital.devices.device_class`), in the schema's order.
public enum DataDeviceClass: String, Sendable, CaseIterable, Comparable {
  case cpu, gpu, storage, network

  /// Orders by the schema's word.
  public static func < (a: DataDeviceClass, b: DataDeviceClass) -> Bool { a.rawValue < b.rawValue }
}

/// What was written to storage (`hospital.storage_written.content_kind`).
public enum ContentKind: String, Sendable, CaseIterable {
  case imaging, video
  case recordText = "record_text"
  case other
}

/// A direction of network traffic (`hospital.network_peaks.direction`).
public enum NetworkDirection: String, Sendable, CaseIterable {
  case inbound, outbound
}

/// What a capital item is (`hospital.capital_items.category`): each is amortized or depreciated
/// into its own line.
public enum CapitalCategory: String, Sendable, CaseIterable {
  case software, model, hardware
}
