/**
 * The audit trail: who changed what and when, with the values before and after.
 * Public surface: {@link org.keyproject.audit.AuditTrail}.
 */
package org.keyproject.audit;
