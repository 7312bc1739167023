/// Markdown and CSV rendering of economics reports.
