/// Every phrase the plan report and the sections it shares with the run report use, section by
/// section: what a language file must hold (with the run report's own, `RunPhrases`).
public enum ReportPhrases {
  /// The phrases, in the order of the language files.
  public static let all: [Phrase] =
    FormatPhrase.catalogue + ChoicePhrase.catalogue + UnitPhrase.catalogue + PlanPhrase.catalogue
    + VerdictPhrase.catalogue + KeyFiguresPhrase.catalogue + KeyFigure.catalogue
    + SustainabilityPhrase.catalogue + ChartPhrase.catalogue + PaperPhrase.catalogue
    + PaperFigureLabel.catalogue + PaperFigureNote.catalogue + ResourcesPhrase.catalogue
    + SensitivityPhrase.catalogue + AssumptionsPhrase.catalogue + MethodPhrase.catalogue
    + DriverLabel.catalogue + BridgeReport.Say.catalogue + SimulationReport.Say.catalogue
}
