import Foundation

/// How a job's charges count as revenue, declared in the job file under `revenue:`.
///
/// Every charge kind of the billing schema is in exactly one class, so no billed amount is left
/// out unnoticed:
/// - `kept`: revenue the meta-hospital keeps in full (registration fees, its own examinations…);
/// - `pass_through`: goods sold at acquisition cost plus a markup, of which only the markup is
///   kept (drugs under the zero-markup policy keep nothing);
/// - `excluded`: billed by the meta-hospital's system but not its revenue (e.g. treatment
///   delivered offline through referral); shown in the report, not counted.
public struct RevenueClassification: Sendable, Equatable {
  /// A class of charges.
  public enum Class: String, Sendable, CaseIterable {
    case kept
    case passThrough = "pass_through"
    case excluded
  }

  /// The class of each charge kind.
  public var classes: [ChargeKind: Class]

  /// Creates a classification.
  public init(classes: [ChargeKind: Class]) { self.classes = classes }

  /// The paper's: registration and the meta-hospital's other services kept, drugs passed
  /// through, nothing excluded.
  public static let paper = RevenueClassification(
    classes: Dictionary(
      uniqueKeysWithValues: ChargeKind.allCases.map { ($0, $0 == .drug ? .passThrough : .kept) }))

  /// The class of a kind; a kind the schema does not know is kept (and `validate` never lets
  /// a job leave a known kind out).
  public func `class`(of kind: ChargeKind) -> Class { classes[kind] ?? .kept }

  /// The kinds of one class, in the schema's order.
  public func kinds(_ class: Class) -> [ChargeKind] {
    ChargeKind.allCases.filter { classes[$0] == `class` }
  }
}

/// A ledger line that the data should fill but a period may lack, and that a job may opt into
/// the scenario's value (prorated to the period) instead of the books' zero.
public enum FallbackLine: String, Sendable, CaseIterable, Comparable {
  case registrationRevenue = "registration_revenue"
  case drugSales = "drug_sales"
  case staffCost = "staff_cost"
  case electricity = "electricity"
  case softwareAmortization = "software_amortization"
  case modelAmortization = "model_amortization"
  case hardwareDepreciation = "hardware_depreciation"
  case otherServices = "other_services"

  /// What the line is, for people.
  public var label: String {
    switch self {
    case .registrationRevenue: "registration revenue"
    case .drugSales: "drug sales"
    case .staffCost: "staff cost"
    case .electricity: "electricity"
    case .softwareAmortization: "software amortization"
    case .modelAmortization: "model amortization"
    case .hardwareDepreciation: "hardware depreciation"
    case .otherServices: "other services"
    }
  }

  /// Orders lines as declared.
  public static func < (lhs: FallbackLine, rhs: FallbackLine) -> Bool {
    let order = allCases
    return (order.firstIndex(of: lhs) ?? 0) < (order.firstIndex(of: rhs) ?? 0)
  }
}
