package org.keyproject.dispatch;

/**
 * Progress reports of a period were submitted (one through the report page or the API, or a whole
 * dispatch sheet at once). Published inside the submitting transaction; listeners that act after the
 * commit see the reports as submitted. Other modules (the problem loop) read what they need of the
 * period's reports themselves, set-based.
 */
public record ReportsSubmitted(long periodId) {
}
