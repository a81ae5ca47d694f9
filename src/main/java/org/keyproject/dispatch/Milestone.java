package org.keyproject.dispatch;

import java.time.LocalDate;

/**
 * A dated milestone (节点) of a plan. The key stays the same across a year's versions: a template's
 * code (START …) or a generated one for a custom milestone; only a custom milestone carries its own
 * name, a template's is given in the reader's language.
 */
record Milestone(String key, String name, LocalDate plannedOn) {
}
